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
    full_name = forms.CharField(label="Full name", max_length=150, help_text="Used when the person is new here.")
    role = forms.ChoiceField(label="Role", choices=Role.choices)

    def __init__(self, *args, organisation, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].lower()
        if Membership.objects.filter(organisation=self.organisation, user__email=email).exists():
            raise forms.ValidationError("This person is already a member; change their role in the list below.")
        return email


class MemberRoleForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["role"]
