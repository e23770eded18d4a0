"""The words' counts (partners/weights.py): two list imports counting at once both succeed, one after the other."""

import threading

import pytest
from django.db import connection, transaction

from duediligence.partners.models import ScreeningWord
from duediligence.partners.weights import TOTAL, weights_refresh


@pytest.mark.django_db(transaction=True)
def test_two_counts_at_once_both_succeed():
    weights_refresh()
    first_counted, release = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def first():
        try:
            with transaction.atomic():
                weights_refresh()
                first_counted.set()
                release.wait(timeout=30)  # holds its transaction open while the second one starts
        except BaseException as error:
            errors.append(error)
        finally:
            first_counted.set()
            connection.close()

    def second():
        try:
            first_counted.wait(timeout=30)
            weights_refresh()  # waits for the first's transaction, then deletes and writes every row again
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    first_counted.wait(timeout=30)
    threading.Timer(0.5, release.set).start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert ScreeningWord.objects.filter(word=TOTAL).count() == 1
