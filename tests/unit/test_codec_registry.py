"""The codec registry (``app.domain.events.CODECS``) is the one list of event types; the
French label of each (« Annuler : … », the status line) must follow it: an event type
added to the registry without a label would show its English type name to the secretary."""

from __future__ import annotations

import dataclasses
import enum
import re
import types
import typing
from typing import Any

import pytest

from app.domain import events
from app.domain.constitution import Constitution, Patch
from app.domain.events import CODECS, EVENT_TYPES, Event
from app.domain.wording import describe_event
from tests.factories import assembly, session

SAMPLES: dict[Any, Any] = {
    str: "m1",
    int: 2,
    Constitution: Constitution(assembly(5), session(2)),
    Patch: Patch(agenda=session(2).items),
}


def sample_value(hint: Any) -> Any:
    """A plausible value for a field annotated ``hint``."""
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        return sample_value(next(a for a in typing.get_args(hint) if a is not type(None)))
    if typing.get_origin(hint) is tuple:
        return ()
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return next(iter(hint))
    return SAMPLES[hint]


def sample(cls: type[Event]) -> Event:
    hints = typing.get_type_hints(cls, vars(events))
    required = {
        f.name: sample_value(hints[f.name])
        for f in dataclasses.fields(cls)
        if f.init and f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
    }
    return cls(**required)


def test_the_registry_names_each_class_by_its_own_type() -> None:
    for name, codec in CODECS.items():
        assert sample(codec.cls).type == name
    assert set(EVENT_TYPES) == set(CODECS)


@pytest.mark.parametrize("name", sorted(CODECS))
def test_every_event_type_has_a_french_label(name: str) -> None:
    label = describe_event(sample(EVENT_TYPES[name]), lambda m: f"Mme {m.upper()}")
    assert label and label != name
    assert "_" not in label and "None" not in label
    assert not re.search(r"'\w*'", label), label  # no Python representation
