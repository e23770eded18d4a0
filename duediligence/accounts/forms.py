from django import forms
from django.contrib.auth.forms import AuthenticationForm

from duediligence.accounts.models import Membership, Role


class EmailAuthenticationForm(AuthenticationForm):
    username = forms.EmailField(
        label="Email address",
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "That email address and password do not match an account. Check both and try again.",
    }


class MemberAddForm(forms.Form):
    email = forms.EmailField(label="Email address")
    full_name = forms.CharField(
        label="Full name",
        max_length=150,
        help_text="Used only if the address has no account yet; a person with an account keeps their own name.",
    )
    role = forms.ChoiceField(label="Role", choices=Role.choices)

    def clean_email(self) -> str:
        return self.cleaned_data["email"].lower()


class MemberRoleForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["role"]
