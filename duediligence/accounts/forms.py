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

    def get_invalid_login_error(self) -> forms.ValidationError:
        # The security app's per-account slowdown marks the request with how long to wait (security/throttle.py).
        seconds = getattr(self.request, "sign_in_wait_seconds", None)
        if seconds:
            return forms.ValidationError(
                f"Many sign-ins to this address have failed recently, from several places, so new places are "
                f"slowed down: wait {seconds} seconds, then try again. Your password was not checked.",
                code="slowed",
            )
        return super().get_invalid_login_error()


class MemberAddForm(forms.Form):
    email = forms.EmailField(label="Email address")
    full_name = forms.CharField(
        label="Full name",
        max_length=150,
        help_text="Used only if the address has no account yet; a person with an account keeps their own name.",
    )
    role = forms.ChoiceField(label="Role to offer", choices=Role.choices)

    def clean_email(self) -> str:
        return self.cleaned_data["email"].lower()


class MemberRoleForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["role"]


class KeyUnlockForm(forms.Form):
    password = forms.CharField(
        label="Your password", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
