"""URLs of the beredskab plan pages; included from helhedsplan/urls.py under planer/."""

from django.urls import path

from helhedsplan.preparedness import plan_views as views

app_name = "preparedness_plan"
urlpatterns = [
    path("<slug:slug>/beredskab/", views.overview, name="overview"),
    path("<slug:slug>/beredskab/kontaktark.pdf", views.sheet, name="sheet"),
    path(
        "<slug:slug>/beredskab/personer/fra-planen/",
        views.contacts_from_plan,
        name="contacts_from_plan",
    ),
    path("<slug:slug>/beredskab/personer/ny/<str:kind>/", views.contact_new, name="contact_new"),
    path("<slug:slug>/beredskab/personer/<int:pk>/ret/", views.contact_edit, name="contact_edit"),
]
