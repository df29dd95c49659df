"""Entry of an election of persons (nomination): candidates, ballots per candidate, blank
and spoilt ballots, one round at a time. The domain decides who is elected."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.services.commands import RecordElectionRound
from app.services.types import RoundResult
from app.services.wording import NBSP, ordinal
from ui.widgets.name_search import NameTypeahead

MAX_BALLOTS = 100_000
OK_COLOUR = "#17803d"
ERROR_COLOUR = "#b3261e"
MUTED_COLOUR = "#5f6368"


def total_text(total: int, voters: int) -> tuple[str, str]:
    """« = 17 ✓ » or « 16 / 17 : il manque 1 voix », with its colour."""
    if total == voters:
        return f"= {total} ✓", OK_COLOUR
    gap = voters - total
    hint = f"il manque {gap} voix" if gap > 0 else f"{-gap} voix de trop"
    return f"{total} / {voters}{NBSP}: {hint}", ERROR_COLOUR if total else MUTED_COLOUR


class CountBox(QSpinBox):
    """Selects its content when the keyboard arrives: typing 5 over « 0 » gives 5, not 50."""

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        QTimer.singleShot(0, self.selectAll)  # after Qt placed the cursor


def count_box(parent: QWidget | None = None) -> QSpinBox:
    """A spin box for a number of votes: digits only, no arrows, large enough to read."""
    box = CountBox(parent)
    box.setRange(0, MAX_BALLOTS)
    box.setButtonSymbols(QAbstractSpinBox.ButtonSymbols.NoButtons)
    box.setAlignment(Qt.AlignmentFlag.AlignRight)
    box.setMinimumWidth(52)
    box.setMaximumWidth(72)
    font = box.font()
    font.setPointSizeF(font.pointSizeF() * 1.25)
    font.setBold(True)
    box.setFont(font)
    return box


class ElectionWidget(QWidget):
    """Candidates with their ballots, blank and spoilt ballots, for the next round."""

    changed = Signal()
    record_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._spins: dict[str, QSpinBox] = {}
        self._row_widgets: dict[str, tuple[QLabel, QToolButton]] = {}
        self._names: dict[str, str] = {}
        self._round = 1
        self._voters = 0
        self._build_ui()
        self._connect_signals()

    def _build_ui(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self._round_label = QLabel()
        font = self._round_label.font()
        font.setBold(True)
        self._round_label.setFont(font)
        self._history = QLabel()
        self._history.setWordWrap(True)
        self._history.setStyleSheet("color: #555555;")
        self._picker = QComboBox()
        # Long names must not widen the right column.
        self._picker.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self._picker.setMinimumContentsLength(16)
        self._picker.setToolTip(
            "Tapez les premières lettres du nom (sans M. ni Mme), puis Entrée pour l'ajouter"
        )
        self._picker.setObjectName("candidatePicker")
        NameTypeahead(self._picker, on_enter=self._on_picker_activated)
        self._candidates = QGridLayout()
        self._candidates.setColumnStretch(0, 1)
        self._blank = count_box()
        self._spoilt = count_box()
        others = QHBoxLayout()
        others.addWidget(QLabel("Blancs"))
        others.addWidget(self._blank)
        others.addSpacing(12)
        others.addWidget(QLabel("Nuls"))
        others.addWidget(self._spoilt)
        others.addStretch(1)
        self._total = QLabel()
        font = self._total.font()
        font.setBold(True)
        self._total.setFont(font)
        layout.addWidget(self._round_label)
        layout.addWidget(self._history)
        layout.addWidget(self._picker)
        layout.addLayout(self._candidates)
        layout.addLayout(others)
        layout.addWidget(self._total)
        # the other ways a nomination ends (ui/presidency_dialogs.py, from the Vote menu)
        self._other_acts = QLabel(
            f"Candidature unique{NBSP}: Ctrl+Maj+N · tirage au sort{NBSP}: Ctrl+Maj+T · "
            f"élection par liste{NBSP}: Ctrl+Maj+L · renoncer au scrutin secret{NBSP}: Ctrl+Maj+U"
        )
        self._other_acts.setWordWrap(True)
        self._other_acts.setStyleSheet(f"color: {MUTED_COLOUR};")
        layout.addWidget(self._other_acts)
        layout.addStretch(1)
        for box in (self._blank, self._spoilt):
            box.installEventFilter(self)

    def _connect_signals(self) -> None:
        self._picker.activated.connect(self._on_picker_activated)
        self._blank.valueChanged.connect(self._on_count_value_changed)
        self._spoilt.valueChanged.connect(self._on_count_value_changed)

    # ------------------------------------------------------------------ context
    def set_context(
        self,
        pool: Sequence[tuple[str, str]],
        rounds: Sequence[RoundResult],
        name: Callable[[str], str],
    ) -> None:
        """``pool``: (member id, label) of those who may be candidates; ``rounds``: the
        rounds already recorded for the item (their candidates are kept)."""
        self._names = dict(pool)
        self._round = len(rounds) + 1
        self._round_label.setText(f"Élection — {ordinal(self._round)} tour")
        lines = []
        for rnd in rounds:
            figures = ", ".join(f"{name(c)} {n}" for c, n in rnd.votes)
            lines.append(
                f"{ordinal(rnd.round)} tour\u00a0: {figures}\u00a0; blancs {rnd.blank}, "
                f"nuls {rnd.spoilt}."
            )
        self._history.setText("\n".join(lines))
        self._history.setVisible(bool(lines))
        if rounds:
            for cand, _ in rounds[-1].votes:
                self.add_candidate(cand)
        self._fill_picker()

    def set_voters(self, voters: int) -> None:
        self._voters = voters
        self._update_total()

    def _update_total(self) -> None:
        text, colour = total_text(self.total(), self._voters)
        self._total.setText(text)
        self._total.setStyleSheet(f"color: {colour};")

    def clear(self) -> None:
        """No candidate, no ballot: a new item."""
        for member_id in list(self._spins):
            self.remove_candidate(member_id)
        self._blank.setValue(0)
        self._spoilt.setValue(0)

    def reset_counts(self) -> None:
        """Keep the candidates, zero the ballots (after a round is recorded)."""
        for box in (*self._spins.values(), self._blank, self._spoilt):
            box.setValue(0)

    def _fill_picker(self) -> None:
        self._picker.blockSignals(True)
        self._picker.clear()
        self._picker.addItem("Ajouter un candidat…", None)
        for member_id, label in self._names.items():
            if member_id not in self._spins:
                self._picker.addItem(label, member_id)
        self._picker.setCurrentIndex(0)
        self._picker.blockSignals(False)

    def focus_picker(self) -> None:
        """F6 in Élection: the keyboard goes to the candidate picker."""
        self._picker.setFocus(Qt.FocusReason.ShortcutFocusReason)

    @property
    def picker(self) -> QComboBox:
        return self._picker

    def _chain_tabs(self) -> None:
        """Tab: picker, each candidate's count, blanks, spoilt — the ✕ buttons last."""
        order: list[QWidget] = [self._picker, *self._spins.values(), self._blank, self._spoilt]
        order += [remove for _label, remove in self._row_widgets.values()]
        for first, second in zip(order, order[1:], strict=False):
            QWidget.setTabOrder(first, second)

    # ------------------------------------------------------------------ candidates
    def candidates(self) -> tuple[str, ...]:
        return tuple(self._spins)

    def spin_of(self, member_id: str) -> QSpinBox | None:
        return self._spins.get(member_id)

    @property
    def blank_box(self) -> QSpinBox:
        return self._blank

    @property
    def spoilt_box(self) -> QSpinBox:
        return self._spoilt

    @property
    def round_number(self) -> int:
        return self._round

    def add_candidate(self, member_id: str) -> None:
        if member_id in self._spins:
            return
        label = QLabel(self._names.get(member_id, member_id))
        label.setToolTip(label.text())
        label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        spin = count_box()
        remove = QToolButton()
        remove.setText("✕")
        remove.setToolTip("Retirer ce candidat")
        row = len(self._spins)
        self._candidates.addWidget(label, row, 0)
        self._candidates.addWidget(spin, row, 1)
        self._candidates.addWidget(remove, row, 2)
        self._spins[member_id] = spin
        self._row_widgets[member_id] = (label, remove)
        spin.installEventFilter(self)
        spin.valueChanged.connect(self._on_count_value_changed)
        remove.clicked.connect(partial(self.remove_candidate, member_id))
        self._fill_picker()
        self._chain_tabs()
        self._update_total()
        self.changed.emit()

    def remove_candidate(self, member_id: str) -> None:
        spin = self._spins.pop(member_id, None)
        if spin is None:
            return
        label, remove = self._row_widgets.pop(member_id)
        for widget in (label, spin, remove):
            self._candidates.removeWidget(widget)
            widget.deleteLater()
        # Re-pack the remaining rows so that no gap is left.
        for row, (mid, box) in enumerate(self._spins.items()):
            lab, rem = self._row_widgets[mid]
            self._candidates.addWidget(lab, row, 0)
            self._candidates.addWidget(box, row, 1)
            self._candidates.addWidget(rem, row, 2)
        self._fill_picker()
        self._chain_tabs()
        self._update_total()
        self.changed.emit()

    # ------------------------------------------------------------------ the round
    def total(self) -> int:
        return (
            sum(b.value() for b in self._spins.values())
            + self._blank.value()
            + self._spoilt.value()
        )

    def build_command(self, item_id: str) -> RecordElectionRound | None:
        if not self._spins:
            return None
        return RecordElectionRound(
            item_id,
            self._round,
            tuple((m, b.value()) for m, b in self._spins.items()),
            self._blank.value(),
            self._spoilt.value(),
        )

    # ------------------------------------------------------------------ slots
    def _on_picker_activated(self, index: int) -> None:
        member_id = self._picker.itemData(index)
        if member_id:
            self.add_candidate(member_id)
            spin = self._spins.get(member_id)
            if spin is not None:
                spin.setFocus()
                spin.selectAll()

    def _on_count_value_changed(self, _value: int) -> None:
        self._update_total()
        self.changed.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.record_requested.emit()
                return True
        return super().eventFilter(watched, event)
