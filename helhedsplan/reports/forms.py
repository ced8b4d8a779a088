from django import forms

from helhedsplan.core.form_merge import VersionedForm
from helhedsplan.core.privacy import refuse_cpr


class NarrativeForm(VersionedForm, forms.Form):
    """One text field per topic of a report, named topic_0, topic_1, … in report order."""

    def __init__(
        self, *args, topics: list[tuple[str, str]], initial_texts: dict[str, str], **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.topics = topics
        for index, (topic, label) in enumerate(topics):
            self.fields[f"topic_{index}"] = forms.CharField(
                label=label,
                required=False,
                initial=initial_texts.get(topic, ""),
                validators=[refuse_cpr],
                widget=forms.Textarea(attrs={"rows": 5}),
                help_text="Skriv ikke navne eller CPR-numre på beboere eller børn. "
                "En tom linje starter et nyt afsnit.",
            )

    def texts(self) -> dict[str, str]:
        return {
            topic: self.cleaned_data[f"topic_{index}"].strip()
            for index, (topic, _label) in enumerate(self.topics)
        }
