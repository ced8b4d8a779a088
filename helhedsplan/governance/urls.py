from django.urls import path

from helhedsplan.governance import views

app_name = "governance"
urlpatterns = [
    path("<slug:slug>/moeder/", views.index, name="index"),
    path("<slug:slug>/moeder/<int:pk>/", views.meeting, name="meeting"),
    path("<slug:slug>/moeder/indstillinger/<int:pk>/", views.recommendation, name="recommendation"),
    path("<slug:slug>/moeder/aendringer/", views.changes, name="changes"),
    path("<slug:slug>/moeder/aendringer/<int:pk>/", views.change, name="change"),
    path("<slug:slug>/organer/<slug:key>/medlemmer/", views.members, name="members"),
    path("<slug:slug>/aftaler/", views.agreements, name="agreements"),
    path("<slug:slug>/aftaler/<slug:document>/", views.agreement, name="agreement"),
]
