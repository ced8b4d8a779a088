"""URLs of the beredskab activation pages; included from helhedsplan/urls.py under planer/."""

from django.urls import path

from helhedsplan.preparedness import activation_views as views

app_name = "preparedness_activation"
urlpatterns = [
    path("<slug:slug>/beredskab/aktiveringer/", views.index, name="index"),
    path("<slug:slug>/beredskab/aktiveringer/ny/", views.new, name="new"),
    path("<slug:slug>/beredskab/aktiveringer/<int:pk>/", views.detail, name="detail"),
    # One POST view per step of the detail page (the step is in the address).
    path(
        "<slug:slug>/beredskab/aktiveringer/<int:pk>/trin/<slug:step>/",
        views.take_step,
        name="step",
    ),
]
