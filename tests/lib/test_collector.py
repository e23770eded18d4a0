"""lib/collector.py: the cycle collector is off inside a paused block and as it was after it, errors included."""

import gc

import pytest

from duediligence.lib.collector import collector_paused, without_cycle_collection


def test_paused_inside_and_restored_after_even_on_error():
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the inner block leaves it to the outer one
    assert gc.isenabled()
    with pytest.raises(ValueError), collector_paused():
        raise ValueError
    assert gc.isenabled()


def test_a_collector_left_off_by_the_caller_stays_off():
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_decorator_pauses_each_call():
    @without_cycle_collection
    def state() -> bool:
        return gc.isenabled()

    assert state() is False
    assert gc.isenabled()
