from django.urls import path

from helhedsplan.registerdata import views

app_name = "registerdata"
urlpatterns = [
    path("<slug:slug>/registerdata/", views.overview, name="overview"),
    path("<slug:slug>/registerdata/maalinger/", views.measures, name="measures"),
    path("<slug:slug>/registerdata/import/", views.import_values, name="import"),
    *(
        path(
            f"<slug:slug>/registerdata/import/skabelon.{kind}",
            views.template,
            {"kind": kind},
            name=f"template_{kind}",
        )
        for kind in ("csv", "xlsx")
    ),
]
