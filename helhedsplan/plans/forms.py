from django import forms


class AddressCheckForm(forms.Form):
    adresse = forms.CharField(
        label="Adresse",
        max_length=200,
        help_text="Vej og husnummer, fx «Husarvej 12B, 2. tv, 8930 Randers NØ».",
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
