"""The people with access to a plan, and invitations."""

app_name = "accounts"
urlpatterns = []
