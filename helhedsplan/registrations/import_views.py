"""Importing registrations from a spreadsheet, and the per-activity templates to fill in."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from helhedsplan.accounts.access import get_plan_for_user
from helhedsplan.core.once import OneTimeForm, one_time_form
from helhedsplan.core.uploads import check_upload_size, upload_limits_text
from helhedsplan.plans.models import Activity
from helhedsplan.registrations.importer import import_registrations, template_csv, template_xlsx

TEMPLATE_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class ImportForm(OneTimeForm, forms.Form):
    file = forms.FileField(
        label="Regneark (CSV eller XLSX)",
        help_text="Én registrering pr. række; første række er kolonneoverskrifterne.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )
    dry_run = forms.BooleanField(
        label="Kun kontrol (gem intet)",
        required=False,
        help_text="Sæt kryds for at se fejlene i filen uden at gemme noget.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text += f" {upload_limits_text()}"

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError("Vælg en fil, der ender på .csv eller .xlsx.")
        return check_upload_size(upload)


def _writable_access(request, slug):
    access = get_plan_for_user(request, slug)
    if not access.can_write:
        raise Http404("Du kan ikke registrere i denne plan.")
    return access


def _activities(access):
    return Activity.objects.for_plan(access.plan).filter(id__in=access.activity_ids())


def _import_page(request, slug):
    return reverse("registrations:import", kwargs={"slug": slug})


@login_required
@one_time_form(fallback=_import_page)
def import_registrations_view(request, slug):
    access = _writable_access(request, slug)
    result = None
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        dry_run = form.cleaned_data["dry_run"]
        page = _import_page(request, access.plan.slug)
        # A double click on "Importér" imports the file once: the second post finds the token
        # used and is shown the first one's result.
        with form.once(request.user, claim=not dry_run) as sent:
            result = import_registrations(
                plan=access.plan,
                rows_source=upload.read(),
                filename=upload.name,
                user=request.user,
                access=access,
                dry_run=dry_run,
            )
            if result.ok and not dry_run:
                sent.done(page)
        if result.ok:
            messages.success(request, result.summary())
            return redirect(page)
    context = {
        "access": access,
        "plan": access.plan,
        "form": form,
        "result": result,
        "activities": _activities(access),
    }
    return render(request, "registrations/import.html", context)


@login_required
def template_view(request, slug, key, fmt):
    access = _writable_access(request, slug)
    if fmt not in TEMPLATE_TYPES:
        raise Http404("Skabeloner findes som csv og xlsx.")
    activity = get_object_or_404(Activity.objects.for_plan(access.plan), key=key)
    if not access.may_register_for(activity):
        raise Http404("Du kan ikke registrere for denne aktivitet.")
    if fmt == "xlsx":
        content = template_xlsx(activity)
    else:
        # The byte-order mark tells Excel the file is UTF-8, so æ, ø and å survive.
        content = template_csv(activity).encode("utf-8-sig")
    response = HttpResponse(content, content_type=TEMPLATE_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="skabelon-{activity.key}.{fmt}"'
    return response
