from django import forms


class ReminderForm(forms.Form):
    """The "Send påmindelse" button: which meeting and which partner (hidden fields)."""

    meeting = forms.IntegerField(widget=forms.HiddenInput)
    organisation = forms.IntegerField(widget=forms.HiddenInput)
