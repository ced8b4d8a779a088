"""The one-time invitation link (no plan in the address: the token names it)."""

app_name = "invitations"
urlpatterns = []
