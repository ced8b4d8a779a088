from django.urls import path

from helhedsplan.registerdata import views

app_name = "registerdata"
urlpatterns = [
    path("<slug:slug>/registerdata/", views.overview, name="overview"),
    path("<slug:slug>/registerdata/maalinger/", views.measures, name="measures"),
    path("<slug:slug>/registerdata/import/", views.import_values, name="import"),
    *(
        path(
            f"<slug:slug>/registerdata/bilag.{file_format}",
            views.annex_download,
            {"file_format": file_format},
            name=f"annex_{file_format}",
        )
        for file_format in ("pdf", "docx")
    ),
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
