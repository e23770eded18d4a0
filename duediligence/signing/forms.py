from django import forms

# A PKCS#12 file holds one key and a few certificates: a few kilobytes.
PKCS12_MAX_BYTES = 100_000


class KeyUploadForm(forms.Form):
    file = forms.FileField(
        label="The key and certificate, as a PKCS#12 file (.p12 or .pfx)",
        help_text="Exported from your certificate authority or your own tooling, with the private key.",
    )
    password = forms.CharField(
        label="The file's password",
        required=False,
        strip=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text="Used once to open the file; never stored. The key is kept encrypted with the server's secret.",
    )

    def clean_file(self) -> bytes:
        upload = self.cleaned_data["file"]
        if upload.size > PKCS12_MAX_BYTES:
            raise forms.ValidationError(
                f"This file is {upload.size:,} bytes; a PKCS#12 file is at most {PKCS12_MAX_BYTES:,}."
            )
        return upload.read()
