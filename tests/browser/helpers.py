import base64

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.browser.conftest import audit
from tests.conftest import PASSWORD

FILL_SECTION = """
() => {
  let changed = true, rounds = 0;
  while (changed && rounds < 5) {
    changed = false; rounds += 1;
    for (const q of document.querySelectorAll('[data-question]')) {
      if (q.hidden) continue;
      const radios = [...q.querySelectorAll('input[type=radio]')];
      const boxes = [...q.querySelectorAll('input[type=checkbox]')].filter(b => !b.name.startsWith('remove__'));
      const text = q.querySelector('textarea, input[type=text], input[type=number], input[type=date]');
      if (radios.length) {
        if (!radios.some(r => r.checked)) {
          radios[radios.length === 2 ? 1 : radios.length === 5 ? 2 : 0].click();
          changed = true;
        }
      } else if (boxes.length) {
        if (!boxes.some(b => b.checked)) { boxes[0].click(); changed = true; }
      } else if (text && !text.value) {
        const sample = {number: '1', date: '2026-06-30'};
        text.value = sample[text.type] || 'Answered in the browser test.';
        text.dispatchEvent(new Event('input', {bubbles: true})); changed = true;
      }
    }
  }
}
"""


def login(page, email: str) -> None:
    page.goto("/accounts/login/")
    audit(page, "login")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    # Wait for the next page itself: "load" alone may still be the login page's, while the browser is only
    # starting to follow the redirect (the page read then would be empty).
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    page.wait_for_load_state("load")
    if "/two-factor/set-up/" in page.url:
        # Managers and admins set up their authenticator at first login: read the key off the page, as a
        # person typing it into their phone would, and answer with the code the phone would show.
        audit(page, "two-factor set-up")
        key = page.locator("#totp-key").inner_text().replace(" ", "")
        page.get_by_label("Six-digit code").fill(current_code(base64.b32decode(key + "=" * (-len(key) % 8))))
        page.get_by_role("button", name="Turn on two-factor sign-in").click()
        audit(page, "recovery codes")
        page.get_by_role("link", name="I have kept them, continue").click()
    elif "/two-factor/verify/" in page.url:
        device = TOTPDevice.objects.get(user__email=email, confirmed=True)
        page.get_by_label("Six-digit code", exact=False).fill(current_code(device.bin_key))
        page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/")


def current_code(key: bytes) -> str:
    return f"{totp(key):06d}"


def logout(page) -> None:
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url("**/accounts/login/")


def fill_remaining_sections(page) -> None:
    """From the current section to the check page: answer every shown, unanswered question, then continue."""
    for _ in range(30):
        if "/check/" in page.url:
            return
        page.evaluate(FILL_SECTION)
        page.get_by_role("button", name="Save and continue").click()
        page.wait_for_load_state("load")
        if "/check/" not in page.url and "#q-" in page.url:
            continue  # the server showed new questions; answer them on the same page
    raise AssertionError("never reached the check page")
