"""The vote panel of the live window: the vote on the current item.

It follows ``service.state.current_item`` through the service's ``Change`` notifications
and offers four ways to record the vote (show of hands, public roll-call, secret ballot,
election of a person) plus « Retirer » / « Ajourner ». It holds no rule: totals, majorities,
the casting vote and the outcome come from the service (``SessionService.preview`` of
the command the panel would record, which stores nothing), and the outcome sentence is
shown before the secretary confirms.
Refusals (``DomainError``) go to ``message`` and nothing changes.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import replace
from enum import IntEnum
from functools import partial

import shiboken6
from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QTabBar,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.services.commands import (
    Ballot,
    Choice,
    ClosedStatus,
    RecordElectionRound,
    RecordPublic,
    RecordSecret,
    RecordShowOfHands,
)
from app.services.live_view import (
    CLOSED_ITEM,
    NO_CANDIDATE,
    NO_CURRENT_ITEM,
    Refusal,
    appointed_line,
    casting_prompt,
    elected_list_line,
    round_recorded_line,
    vote_blocker,
    vote_recorded_line,
    voters_line,
)
from app.services.session_service import Change, SessionService
from app.services.types import Attendance, DomainError, ItemRecord, Phase, VoteResult
from app.services.wording import NBSP, election_sentence, outcome_sentence, typography
from ui.election_widget import (
    ERROR_COLOUR,
    MUTED_COLOUR,
    ElectionWidget,
    count_box,
    total_text,
)
from ui.models.rollcall_model import RollCallModel, rollcall_rows
from ui.widgets.name_search import matches

# Mnemonics that leave the menus' own letters free (Alt+S Séance, Alt+M Membre, Alt+P
# Préparation…, Alt+L Salle): Alt+I, Alt+B, Alt+C, Alt+T.
MODE_LABELS = ("Ma&in levée", "Pu&blic", "Se&cret", "Élec&tion")


class VoteMode(IntEnum):
    """The panel's ways of voting, in the order of its tabs (the value is the tab's index)."""

    SHOW_OF_HANDS = 0
    PUBLIC = 1
    SECRET = 2
    ELECTION = 3


SHOW_OF_HANDS, PUBLIC, SECRET, ELECTION = VoteMode
VoteCommand = RecordShowOfHands | RecordPublic | RecordSecret | RecordElectionRound
BALLOT_MODE = {Ballot.SHOW_OF_HANDS: SHOW_OF_HANDS, Ballot.PUBLIC: PUBLIC, Ballot.SECRET: SECRET}

# No letter among them: a name typed while the roll-call list has the focus starts a new
# voter search, it never sets a choice on the voter still highlighted.
CHOICE_KEYS = {
    Qt.Key.Key_Plus: Choice.FOR,
    Qt.Key.Key_Equal: Choice.FOR,  # « + » without Maj on many layouts
    Qt.Key.Key_Minus: Choice.AGAINST,
    Qt.Key.Key_0: Choice.ABSTAIN,
}
ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def escape(text: str) -> str:
    """Plain text for a rich-text label (apostrophes kept as they are)."""
    return html.escape(text, quote=False)


class CountsEntry(QWidget):
    """Number boxes (two per line) with the running total checked against the voters.
    Digits fill the boxes; Entrée asks to record. Unanimity is Ctrl+U (the window's key): no
    letter alone acts here, where a name may be typed."""

    changed = Signal()
    record_requested = Signal()

    def __init__(
        self,
        fields: Sequence[tuple[str, str]],
        *,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._voters = 0
        self._boxes: dict[str, QSpinBox] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(6)
        for i, (key, label) in enumerate(fields):
            box = count_box(self)
            caption = QLabel(label, self)
            caption.setBuddy(box)
            grid.addWidget(caption, i // 2, (i % 2) * 2)
            grid.addWidget(box, i // 2, (i % 2) * 2 + 1)
            self._boxes[key] = box
            box.installEventFilter(self)
            box.valueChanged.connect(self._on_box_value_changed)
        self._total = QLabel(self)
        font = self._total.font()
        font.setBold(True)
        self._total.setFont(font)
        grid.addWidget(self._total, (len(fields) + 1) // 2, 0, 1, 4)
        grid.setColumnStretch(4, 1)
        self._update_total()

    def box(self, key: str) -> QSpinBox:
        return self._boxes[key]

    def value(self, key: str) -> int:
        return self._boxes[key].value()

    def total(self) -> int:
        return sum(b.value() for b in self._boxes.values())

    def set_voters(self, voters: int) -> None:
        self._voters = voters
        self._update_total()

    def clear(self) -> None:
        for box in self._boxes.values():
            box.blockSignals(True)
            box.setValue(0)
            box.blockSignals(False)
        self._update_total()
        self.changed.emit()

    def focus_first(self) -> None:
        first = next(iter(self._boxes.values()))
        first.setFocus()
        first.selectAll()

    def type_into_first(self, digits: str) -> None:
        """Start typing in the first box (a digit typed elsewhere in the page)."""
        first = next(iter(self._boxes.values()))
        first.setFocus()
        first.setValue(int(digits))
        edit = first.lineEdit()
        edit.deselect()
        edit.end(False)

    def total_label(self) -> QLabel:
        return self._total

    def _update_total(self) -> None:
        text, colour = total_text(self.total(), self._voters)
        self._total.setText(text)
        self._total.setStyleSheet(f"color: {colour};")

    def _on_box_value_changed(self, _value: int) -> None:
        self._update_total()
        self.changed.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.key() in ENTER_KEYS:
                self.record_requested.emit()
                return True
        return super().eventFilter(watched, event)


class VotePanel(QWidget):
    """The vote on the current item, for the right column of the live window."""

    message = Signal(str, bool)  # French text, is_error

    def __init__(self, service: SessionService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self._item_id: str | None = None
        self._election_key: tuple[str | None, int] = (None, -1)
        self._casting_visible = False
        self._wrapped_labels: tuple[QLabel, ...] = ()
        self._build_ui()
        self._connect_signals()
        service.subscribe(self._on_service_changed)
        # A panel dropped by its window stops listening (its service may live on).
        self.destroyed.connect(partial(service.unsubscribe, self._on_service_changed))
        self.refresh()

    # ------------------------------------------------------------------ building
    def _build_ui(self) -> None:
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(6)

        self.header = QLabel()
        font = self.header.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.3)
        self.header.setFont(font)
        self._item_title = QLabel()
        self._item_title.setWordWrap(True)
        self._item_title.setStyleSheet(f"color: {MUTED_COLOUR};")
        self.voters_label = QLabel()
        font = self.voters_label.font()
        font.setBold(True)
        self.voters_label.setFont(font)
        self.voters_label.setWordWrap(True)
        self.blocker = QLabel()
        self.blocker.setWordWrap(True)
        self.blocker.setStyleSheet(
            f"background: {ERROR_COLOUR}; color: white; padding: 4px; font-weight: bold;"
        )

        # --- entry: mode tabs and pages
        self._entry = QWidget()
        entry = QVBoxLayout(self._entry)
        entry.setContentsMargins(0, 0, 0, 0)
        self.modes = QTabBar()
        self.modes.setExpanding(False)
        self.modes.setUsesScrollButtons(False)  # every tab always visible: the panel is as
        self.modes.setElideMode(Qt.TextElideMode.ElideNone)  # wide as they need
        self.modes.setDrawBase(True)
        # Room above the text: the accent of « Élection » must not be clipped.
        self.modes.setStyleSheet(
            "QTabBar::tab { padding: 5px 8px 3px 8px; margin-right: 2px; background: #e6e6e6;"
            " border: 1px solid #b8b8b8; border-bottom: none; border-top-left-radius: 3px;"
            " border-top-right-radius: 3px; }"
            "QTabBar::tab:selected { background: #ffffff; border-color: #8a8a8a; }"
            "QTabBar::tab:disabled { color: #9a9a9a; }"
        )
        for mode_label in MODE_LABELS:
            self.modes.addTab(mode_label)
        self.election = ElectionWidget()
        self._pages = (
            self._build_hands_page(),
            self._build_public_page(),
            self._build_secret_page(),
            self.election,
        )

        self._preview_caption = QLabel("Si vous enregistrez\u00a0:")
        self._preview_caption.setStyleSheet(f"color: {MUTED_COLOUR};")
        self.preview = QLabel()
        self.preview.setWordWrap(True)
        self.preview.setFrameShape(QFrame.Shape.StyledPanel)
        self.preview.setMargin(6)
        self.preview.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.record_button = QPushButton("Enregistrer le vote (Entrée)")
        font = self.record_button.font()
        font.setBold(True)
        self.record_button.setFont(font)
        entry.addWidget(self.modes)
        for page in self._pages:
            entry.addWidget(page)
        entry.addWidget(self._preview_caption)
        entry.addWidget(self.preview)
        entry.addWidget(self.record_button)
        entry.addStretch(0)
        self._entry_layout = entry
        self._fit_pages(SHOW_OF_HANDS)

        # --- result, once decided
        self.done_label = QLabel()
        self.done_label.setWordWrap(True)
        self.done_label.setTextFormat(Qt.TextFormat.RichText)
        self.done_label.setFrameShape(QFrame.Shape.StyledPanel)
        self.done_label.setMargin(6)
        self.done_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.done_label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)

        # --- withdraw / postpone
        closing = QHBoxLayout()
        self.withdraw_button = QPushButton("Retirer")
        self.withdraw_button.setToolTip("Le point est retiré de l'ordre du jour (sans vote)")
        self.postpone_button = QPushButton("Ajourner")
        self.postpone_button.setToolTip("Le point est reporté à une séance ultérieure")
        closing.addWidget(self.withdraw_button)
        closing.addWidget(self.postpone_button)
        closing.addStretch(1)

        self._wrapped_labels = (self.preview, self.done_label)
        for label in self._wrapped_labels:
            label.installEventFilter(self)

        layout.addWidget(self.header)
        layout.addWidget(self._item_title)
        layout.addWidget(self.voters_label)
        layout.addWidget(self.blocker)
        layout.addWidget(self._entry, 1)
        layout.addWidget(self.done_label)
        layout.addStretch(0)
        layout.addLayout(closing)

    def _build_hands_page(self) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        box.setContentsMargins(0, 4, 0, 0)
        self.unanimity_button = QPushButton("Unanimité (Ctrl+U)")
        self.unanimity_button.setToolTip("Tous les votants pour\u00a0: enregistré d'une touche")
        self.hands = CountsEntry((("for", "Pour"), ("against", "Contre"), ("abstain", "Abst.")))
        self.casting = QWidget()
        self.casting.setObjectName("casting")
        self.casting.setStyleSheet("#casting { background: #fdf1d8; border-radius: 3px; }")
        casting = QVBoxLayout(self.casting)
        casting.setContentsMargins(6, 4, 6, 4)
        self._casting_label = QLabel()
        self._casting_label.setWordWrap(True)
        self.casting_choice = QComboBox()
        self.casting_choice.addItem("n'a voté ni pour ni contre", None)
        self.casting_choice.addItem("a voté pour (voix prépondérante)", Choice.FOR.value)
        self.casting_choice.addItem("a voté contre (voix prépondérante)", Choice.AGAINST.value)
        casting.addWidget(self._casting_label)
        casting.addWidget(self.casting_choice)
        self.casting.setVisible(False)
        hint = QLabel(
            "Ctrl+U\u00a0: unanimité · chiffres\u00a0: voix · Tab\u00a0: case suivante · "
            "Entrée\u00a0: enregistrer"
        )
        hint.setWordWrap(True)
        hint.setStyleSheet(f"color: {MUTED_COLOUR};")
        box.addWidget(self.unanimity_button)
        box.addWidget(self.hands)
        box.addWidget(self.casting)
        box.addWidget(hint)
        box.addStretch(1)
        page.installEventFilter(self)
        self.unanimity_button.installEventFilter(self)
        self._hands_page = page
        return page

    def _build_public_page(self) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        box.setContentsMargins(0, 4, 0, 0)
        self.rollcall_search = QLineEdit()
        self.rollcall_search.setPlaceholderText("Chercher un votant… puis Entrée")
        self.rollcall_search.setClearButtonEnabled(True)
        self.rollcall = RollCallModel(self)
        self.rollcall_view = QTableView()
        self.rollcall_view.setModel(self.rollcall)
        self.rollcall_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.rollcall_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.rollcall_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.rollcall_view.verticalHeader().setVisible(False)
        self.rollcall_view.verticalHeader().setDefaultSectionSize(
            self.rollcall_view.fontMetrics().height() + 6
        )
        self.rollcall_view.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.Stretch
        )
        self.rollcall_view.horizontalHeader().setSectionResizeMode(
            1, QHeaderView.ResizeMode.ResizeToContents
        )
        self.rollcall_view.setMinimumHeight(150)
        self.rollcall_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._public_counts = QLabel()
        font = self._public_counts.font()
        font.setBold(True)
        self._public_counts.setFont(font)
        hint = QLabel(
            "Tous «\u00a0Pour\u00a0» au départ. Clic sur le vote pour le changer, "
            "ou -\u00a0: contre · 0\u00a0: abstention · +\u00a0: pour · "
            "Suppr\u00a0: ne prend pas part."
        )
        hint.setWordWrap(True)
        hint.setStyleSheet(f"color: {MUTED_COLOUR};")
        box.addWidget(self.rollcall_search)
        box.addWidget(self.rollcall_view, 1)
        box.addWidget(self._public_counts)
        box.addWidget(hint)
        self.rollcall_view.installEventFilter(self)
        return page

    def _build_secret_page(self) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        box.setContentsMargins(0, 4, 0, 0)
        self.secret = CountsEntry(
            (("for", "Pour"), ("against", "Contre"), ("blank", "Blancs"), ("spoilt", "Nuls"))
        )
        hint = QLabel(
            "Bulletins dépouillés\u00a0: pour, contre, blancs et nuls. "
            "Pas de voix prépondérante au scrutin secret."
        )
        hint.setWordWrap(True)
        hint.setStyleSheet(f"color: {MUTED_COLOUR};")
        box.addWidget(self.secret)
        box.addWidget(hint)
        box.addStretch(1)
        return page

    def _connect_signals(self) -> None:
        self.modes.currentChanged.connect(self._on_modes_current_changed)
        self.record_button.clicked.connect(self._on_record_button_clicked)
        self.unanimity_button.clicked.connect(self._on_unanimity_button_clicked)
        self.hands.changed.connect(self._on_entry_changed)
        self.hands.record_requested.connect(self._on_record_button_clicked)
        self.casting_choice.currentIndexChanged.connect(self._on_casting_choice_changed)
        self.secret.changed.connect(self._on_entry_changed)
        self.secret.record_requested.connect(self._on_record_button_clicked)
        self.election.changed.connect(self._on_entry_changed)
        self.election.record_requested.connect(self._on_record_button_clicked)
        self.rollcall.choices_changed.connect(self._on_entry_changed)
        self.rollcall_view.clicked.connect(self._on_table_clicked)
        self.rollcall_search.textChanged.connect(self._on_search_text_changed)
        self.rollcall_search.returnPressed.connect(self._on_search_return_pressed)
        self.withdraw_button.clicked.connect(self._on_withdraw_button_clicked)
        self.postpone_button.clicked.connect(self._on_postpone_button_clicked)

    # ------------------------------------------------------------------ public API
    @property
    def item_id(self) -> str | None:
        return self._item_id

    @property
    def mode(self) -> VoteMode:
        return VoteMode(self.modes.currentIndex())

    def set_mode(self, mode: VoteMode) -> None:
        self.modes.setCurrentIndex(mode)

    def detach(self) -> None:
        """Stop following the service (call before dropping the panel)."""
        self._service.unsubscribe(self._on_service_changed)

    def preview_text(self) -> str:
        return self.preview.text()

    def focus_entry(self) -> None:
        """Put the keyboard in the current mode's entry (first count, search, …)."""
        mode = self.mode
        if mode == SHOW_OF_HANDS:
            self.hands.focus_first()
        elif mode == PUBLIC:
            self.rollcall_search.setFocus()
        elif mode == SECRET:
            self.secret.focus_first()
        elif mode == ELECTION:
            self.election.focus_picker()

    def record_unanimity(self) -> None:
        """« U »: every voter for, in one key."""
        item = self._open_item()
        if item is None:
            return
        try:
            self._service.record_unanimity(item)
        except DomainError as err:
            self.message.emit(str(err), True)
            return
        self._announce(item)

    def record(self) -> None:
        """Record what the current mode holds (« Entrée »)."""
        item = self._open_item()
        if item is None:
            return
        command = self._current_command(item)
        if command is None:
            self.message.emit(typography(NO_CANDIDATE), True)
            return
        try:
            self._service.handle(command)
        except DomainError as err:
            self.message.emit(str(err), True)
            return
        self._announce(item)

    def close_item(self, status: ClosedStatus) -> None:
        """« Retirer » / « Ajourner » the current item."""
        item = self._open_item()
        if item is None:
            return
        try:
            change = self._service.close_item(item, status)
        except DomainError as err:
            self.message.emit(str(err), True)
            return
        self.message.emit(
            f"{change.label[:1].upper()}{change.label[1:]} · Ctrl+Z pour annuler", False
        )

    # ------------------------------------------------------------------ refreshing
    def refresh(self) -> None:
        """Re-read the state: the current item, its voters, its vote."""
        state = self._service.state
        item = state.current_item
        if item != self._item_id:
            self._item_id = item
            self._reset_entry()
        self._render()

    def _reset_entry(self) -> None:
        """A new current item: empty the counts, everyone back on « Pour »."""
        self.hands.clear()
        self.secret.clear()
        self.rollcall.reset_choices()
        self.election.clear()
        self._election_key = (None, -1)
        self.rollcall_search.clear()
        self.casting_choice.setCurrentIndex(0)
        rec = self._item_record()
        mode = SHOW_OF_HANDS
        if rec is not None and rec.rounds:
            mode = ELECTION
        elif rec is not None and rec.vote is not None:
            mode = BALLOT_MODE[rec.vote.tally.ballot]
        self.modes.setCurrentIndex(mode)

    def _item_record(self) -> ItemRecord | None:
        return self._service.state.items.get(self._item_id or "")

    def _render(self) -> None:
        state = self._service.state
        rec = self._item_record()
        if rec is None:
            self.header.setText("VOTE")
            self._item_title.setText(
                "Aucun point en cours\u00a0: choisissez un point de l'ordre du jour."
            )
            for widget in (self.voters_label, self.blocker, self._entry, self.done_label):
                widget.setVisible(False)
            self.withdraw_button.setEnabled(False)
            self.postpone_button.setEnabled(False)
            return
        item_id = rec.item.id
        self.header.setText(f"VOTE — point {item_id}")
        self._item_title.setText(rec.item.title)
        self._item_title.setToolTip(rec.item.title)
        att = (
            rec.snapshot if rec.decided and rec.snapshot is not None else state.attendance(item_id)
        )
        self.voters_label.setVisible(True)
        self.voters_label.setText(self._voters_text(att))

        # what blocks the vote is the core's answer; a decided item says so itself below
        refusal = vote_blocker(state, item_id)
        shown = refusal is not None and refusal.code is not Refusal.VOTE_ITEM_DECIDED
        self.blocker.setText(typography(refusal.message) if refusal and shown else "")
        self.blocker.setVisible(shown)

        decided = rec.decided
        self._entry.setVisible(not decided)
        self.done_label.setVisible(decided)
        can_close = not decided and not rec.rounds and state.phase is not Phase.CLOSED
        self.withdraw_button.setEnabled(can_close)
        self.postpone_button.setEnabled(can_close)
        # a special ballot asked (L2121-21) is the only one left; after the unanimous
        # waiver of the secret ballot, only the nomination (Élection)
        required = rec.required_ballot
        for ballot, mode in BALLOT_MODE.items():
            allowed = required is None or ballot is required
            self.modes.setTabEnabled(mode, allowed and not rec.rounds and not rec.secret_waived)
        if not decided and not self.modes.isTabEnabled(self.modes.currentIndex()):
            self.modes.setCurrentIndex(ELECTION if required is None else BALLOT_MODE[required])
        if decided:
            self.done_label.setText(self._done_text(rec))
            self._fit_height(self.done_label)
            return

        self.hands.set_voters(att.voters)
        self.secret.set_voters(att.voters)
        self.election.set_voters(att.voters)
        self.rollcall.set_rows(rollcall_rows(att, state.members))
        key = (item_id, len(rec.rounds))
        if key != self._election_key:
            if self._election_key[0] == item_id:
                self.election.reset_counts()  # a round was recorded: same candidates
            self._election_key = key
            pool = [(m.id, m.full_name) for m in state.in_office]
            self.election.set_context(pool, rec.rounds, state.name)
        self._update_preview()

    def _fit_height(self, label: QLabel) -> None:
        """A word-wrapped label nested in layouts is given its one-line height by its
        parents: ask for the height its text needs at its current width."""
        label.ensurePolished()
        label.setMinimumHeight(max(label.heightForWidth(max(label.width(), 1)), 0))

    def _fit_pages(self, index: int) -> None:
        """Show the page of the mode; only the roll-call list grows, the other pages keep
        the preview right below them."""
        for i, page in enumerate(self._pages):
            page.setVisible(i == index)
            self._entry_layout.setStretchFactor(page, 1 if i == PUBLIC else 0)
        grows = index == PUBLIC
        self._entry_layout.setStretch(self._entry_layout.count() - 1, 0 if grows else 1)

    def _voters_text(self, att: Attendance) -> str:
        """« Votants 17 (1 NPPV : M. DUPONT) », and the proxies a recused holder cannot
        vote either."""
        return voters_line(att, self._display_name)

    def _display_name(self, member_id: str) -> str:
        """« M. DUPONT » that never breaks across lines."""
        return self._service.state.name(member_id).replace(" ", NBSP)

    def _done_text(self, rec: ItemRecord) -> str:
        """The decision as rich text, and how to correct it."""
        if rec.status in CLOSED_ITEM:
            head = escape(CLOSED_ITEM[rec.status])
        elif rec.rounds:
            elected = election_sentence(rec.rounds[-1], self._display_name, self._feminine)
            head = f"<b>{escape(elected)}</b>"
        elif rec.appointed is not None:  # a single candidate, no vote (L2121-21)
            line = appointed_line(self._display_name(rec.appointed), self._feminine(rec.appointed))
            head = f"<b>{escape(line)}</b>"
        elif rec.elected_list is not None:  # an election by list (L2122-7-2)
            head = f"<b>{escape(elected_list_line(rec.elected_list, self._display_name))}</b>"
        elif rec.vote is not None:
            # the casting vote was that of whoever presided at the vote
            sentence = self._outcome(rec.vote, rec.snapshot.presiding if rec.snapshot else None)
            head = (
                f"Vote {escape(rec.vote.tally.ballot.label)} enregistré.<br>"
                f"<b>«{NBSP}{escape(sentence)}{NBSP}»</b>"
            )
        else:
            head = escape(rec.status.label)
        return f"{head}<br><br><i>Ctrl+Z pour corriger.</i>"

    def _outcome(self, result: VoteResult, president: str | None = None) -> str:
        """The outcome sentence; « la voix de la présidente » when the one who presides
        (``president``, default: now) is a woman."""
        president = president or self._service.state.presiding
        return outcome_sentence(
            result,
            self._display_name,
            feminine_president=bool(president and self._feminine(president)),
        )

    def _feminine(self, member_id: str) -> bool:
        m = self._service.state.members.get(member_id)
        return bool(m and m.is_feminine)

    # ------------------------------------------------------------------ preview
    def _current_command(self, item: str) -> VoteCommand | None:
        """The command the current mode would record (show of hands: with the president's
        vote only when the domain sees a tie that his casting vote may break)."""
        mode = self.mode
        if mode == ELECTION:
            return self.election.build_command(item)
        if mode == PUBLIC:
            return RecordPublic(item, self.rollcall.choices())
        if mode == SECRET:
            s = self.secret
            return RecordSecret(
                item, s.value("for"), s.value("against"), s.value("blank"), s.value("spoilt")
            )
        h = self.hands
        command = RecordShowOfHands(item, h.value("for"), h.value("against"), h.value("abstain"))
        self._show_casting(self._is_tie(command))
        if self._casting_visible:
            value = self.casting_choice.currentData()
            command = replace(command, president_vote=Choice(value) if value else None)
        return command

    def _is_tie(self, command: RecordShowOfHands) -> bool:
        if not self._service.state.rules.casting_vote:
            return False
        try:
            vote = self._service.preview(command).vote
        except DomainError:
            return False
        return vote is not None and vote.tie

    def _show_casting(self, visible: bool) -> None:
        if visible == self._casting_visible:
            return
        self._casting_visible = visible
        if visible:
            state = self._service.state
            presiding = state.members.get(state.presiding or "")
            tie, who = casting_prompt(presiding, self._display_name)
            self._casting_label.setText(f"<b>{escape(tie)}</b> {escape(who)}\u00a0:")
        else:  # a new tie starts again from « ni pour ni contre »
            self.casting_choice.blockSignals(True)
            self.casting_choice.setCurrentIndex(0)
            self.casting_choice.blockSignals(False)
        self.casting.setVisible(visible)

    def _update_preview(self) -> None:
        item = self._open_item(quiet=True)
        if item is None:
            return
        command = self._current_command(item)
        ok = False
        if command is None:
            text = "Ajoutez les candidats (liste ci-dessus), puis leurs voix."
        else:
            try:
                preview = self._service.preview(command)  # stores nothing
                if preview.round is not None:
                    text = election_sentence(preview.round, self._display_name, self._feminine)
                else:
                    assert preview.vote is not None
                    sentence = self._outcome(preview.vote)
                    text = f"«{NBSP}{sentence}{NBSP}»"
                ok = True
            except DomainError as err:
                text = typography(str(err))
        # the style first: the text is then measured in the font it is shown in
        self.preview.setStyleSheet(
            "font-weight: bold;" if ok else f"color: {MUTED_COLOUR}; font-style: italic;"
        )
        self.preview.setText(text)
        self._fit_height(self.preview)
        if self.mode == PUBLIC:
            counts = self.rollcall.counts()
            self._public_counts.setText(
                f"Pour {counts[Choice.FOR]} · Contre {counts[Choice.AGAINST]} · "
                f"Abst. {counts[Choice.ABSTAIN]}"
            )
        self.record_button.setText(
            "Enregistrer le tour (Entrée)"
            if self.mode == ELECTION
            else "Enregistrer le vote (Entrée)"
        )

    def _open_item(self, *, quiet: bool = False) -> str | None:
        """The current item (says so when there is none, unless ``quiet``)."""
        rec = self._item_record()
        if rec is None:
            if not quiet:
                self.message.emit(typography(NO_CURRENT_ITEM), True)
            return None
        return rec.item.id

    def _announce(self, item: str) -> None:
        state = self._service.state
        rec = state.items[item]
        # named as on the agenda, never by its rank
        if rec.rounds and rec.vote is None:
            text = election_sentence(rec.rounds[-1], self._display_name, self._feminine)
            self.message.emit(round_recorded_line(item, text), False)
        elif rec.vote is not None:
            self.message.emit(vote_recorded_line(item, self._outcome(rec.vote)), False)

    # ------------------------------------------------------------------ roll-call keys
    def _selected_row(self) -> int | None:
        index = self.rollcall_view.currentIndex()
        return index.row() if index.isValid() else None

    def _apply_choice_key(self, choice: Choice | None) -> None:
        row = self._selected_row()
        if row is None:
            return
        if choice is None:
            self.rollcall.cycle_choice(row)
        else:
            self.rollcall.set_choice(row, choice)
        if self.rollcall_search.text():  # search-to-act: back to the search for the next name
            self.rollcall_search.clear()
            self.rollcall_search.setFocus()

    def _recuse_selected(self) -> None:
        row = self._selected_row()
        member = self.rollcall.member_at(row) if row is not None else None
        item = self._item_id
        if member is None or item is None:
            return
        try:
            change = self._service.recuse(member, item)
        except DomainError as err:
            self.message.emit(str(err), True)
            return
        self.message.emit(f"{change.label[:1].upper()}{change.label[1:]}", False)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and watched in self._wrapped_labels:
            self._fit_height(watched)
            return False
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            plain = not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            if watched is self.rollcall_view and plain:
                if key in CHOICE_KEYS:
                    self._apply_choice_key(CHOICE_KEYS[Qt.Key(key)])
                    return True
                if key == Qt.Key.Key_Space:
                    self._apply_choice_key(None)
                    return True
                if key == Qt.Key.Key_Delete:  # Suppr: ne prend pas part (recorded at once)
                    self._recuse_selected()
                    return True
                text = event.text()
                if len(text) == 1 and text.isalpha():  # a name typed here: a new search
                    self.rollcall_search.setFocus()
                    self.rollcall_search.selectAll()
                    self.rollcall_search.insert(text)
                    return True
                if key in ENTER_KEYS:
                    self.record()
                    return True
            if watched in (self._hands_page, self.unanimity_button) and plain:
                if event.text().isdigit():  # digits fill the counts, starting with « Pour »
                    self.hands.type_into_first(event.text())
                    return True
                if key in ENTER_KEYS:
                    self.record()
                    return True
        return super().eventFilter(watched, event)

    # ------------------------------------------------------------------ slots
    def _on_service_changed(self, change: Change) -> None:
        if shiboken6.isValid(self):  # not a panel already deleted on the C++ side
            self.refresh()

    def _on_modes_current_changed(self, index: int) -> None:
        self._fit_pages(index)
        if self._item_id is not None:
            self._update_preview()

    def _on_entry_changed(self) -> None:
        rec = self._item_record()
        if rec is not None and not rec.decided:
            self._update_preview()

    def _on_casting_choice_changed(self, _index: int) -> None:
        self._on_entry_changed()

    def _on_record_button_clicked(self) -> None:
        self.record()

    def _on_unanimity_button_clicked(self) -> None:
        self.record_unanimity()

    def _on_withdraw_button_clicked(self) -> None:
        self.close_item(ClosedStatus.WITHDRAWN)

    def _on_postpone_button_clicked(self) -> None:
        self.close_item(ClosedStatus.POSTPONED)

    def _on_table_clicked(self, index: QModelIndex) -> None:
        if index.column() == RollCallModel.CHOICE_COLUMN:
            self.rollcall.cycle_choice(index.row())

    def _on_search_text_changed(self, text: str) -> None:
        if not text.strip():
            return
        members = self._service.state.members
        for row in range(self.rollcall.rowCount()):
            member = members.get(self.rollcall.member_at(row) or "")
            if member is not None and matches(  # tokens in any order: « lefe chri »
                text, member.last_name, member.first_name, member.group, member.function
            ):
                index = self.rollcall.index(row, 0)
                self.rollcall_view.setCurrentIndex(index)
                self.rollcall_view.scrollTo(index)
                return

    def _on_search_return_pressed(self) -> None:
        if self.rollcall_search.text().strip() and self._selected_row() is not None:
            self.rollcall_view.setFocus()
        elif not self.rollcall_search.text().strip():
            self.record()
