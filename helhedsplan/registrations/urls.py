from django.urls import path

from helhedsplan.registrations import list_views, measurement_views, views
from helhedsplan.registrations.import_views import import_registrations_view, template_view

app_name = "registrations"
urlpatterns = [
    path("<slug:slug>/registrering/", list_views.index, name="index"),
    path("<slug:slug>/registrering/eksport.csv", list_views.export, name="export"),
    path("<slug:slug>/registrering/ny/<slug:key>/", views.create, name="create"),
    path("<slug:slug>/registrering/<int:pk>/", views.detail, name="detail"),
    path("<slug:slug>/registrering/<int:pk>/ret/", views.edit, name="edit"),
    path("<slug:slug>/registrering/<int:pk>/slet/", views.delete, name="delete"),
    path("<slug:slug>/maalinger/", measurement_views.measurements, name="measurements"),
    path("<slug:slug>/vurderinger/<slug:key>/", measurement_views.assess, name="assess"),
    path("<slug:slug>/import/", import_registrations_view, name="import"),
    path("<slug:slug>/import/skabelon/<slug:key>.<str:fmt>", template_view, name="import_template"),
]
