from django import forms

from helhedsplan.core.once import OneTimeForm
from helhedsplan.core.uploads import check_upload_size, upload_limits_text


class ImportForm(OneTimeForm, forms.Form):
    file = forms.FileField(
        label="Regneark (CSV eller XLSX)",
        help_text="Kolonner: area (et områdes nøgle, eller plan, kommune, region, land), year "
        "(ÅÅÅÅ), measure (en målings nøgle), value, source (kan udelades).",
    )
    dry_run = forms.BooleanField(label="Kontrollér kun filen (gem intet)", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text += f" {upload_limits_text()}"

    def clean_file(self):
        return check_upload_size(self.cleaned_data["file"])
