"""The live window's acts of the second round: who presides (L2122-17, and the president
elected for the compte administratif, L2121-14), a special-ballot request (L2121-21), the
closed sitting (huis clos, L2121-18), the drawing of lots, the appointment of a single
candidate, an election by list (L2122-7-2).

Keyboard model (docs/KEYBOARD.md): letters search among the members listed, ↑ / ↓ move the
highlight, Entrée chooses the highlighted member (a dialog with one choice records it; a
dialog with several adds or removes him), Ctrl+Entrée records a dialog with several
choices, Échap closes without recording. No button is a default button. A dialog records
through ``SessionService.handle`` and stays open, its refusal shown in red, until the act is
recorded. The dialogs are window-modal and opened with ``open()``: the window gets the
keyboard back (its search box) when they close."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.services.commands import (
    Appoint,
    Ballot,
    Command,
    DrawLots,
    Preside,
    RecordListElectionRound,
    RequestBallot,
    StartClosedDoors,
    WithdrawFromVote,
)
from app.services.session_service import SessionService
from app.services.store import DomainError
from ui.widgets.name_search import matches, starts

NBSP = "\u00a0"
ERROR_STYLE = "color: #b3261e;"
MEMBER_ROLE = Qt.ItemDataRole.UserRole
ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def member_label(service: SessionService, member_id: str) -> str:
    """« Mme MARTIN Anne, Maire »."""
    member = service.state.members[member_id]
    return member.full_name + (f", {member.function}" if member.function else "")


def present_titulars(service: SessionService) -> list[str]:
    """Members in office present in person, in the order of the tableau (the roster's)."""
    state = service.state
    return [m.id for m in state.in_office if m.id in state.present]


def _e(service: SessionService, member_id: str) -> str:
    return "e" if service.state.members[member_id].is_feminine else ""


# --------------------------------------------------------------------------- proposals


def presidency_proposal(service: SessionService) -> str | None:
    """What the window proposes about who presides now (the session being open), or
    None: the replacement of an absent president (L2122-17), and for an item marked
    compte administratif the election of its president, the maire's withdrawal for its
    vote, then the return of his presidency (L2121-14)."""
    state = service.state
    chair = state.members.get(state.session.president or "")
    presiding = state.members.get(state.presiding or "")
    rec = state.items.get(state.current_item or "")
    if rec is not None and rec.item.presided_apart and chair is not None and not rec.decided:
        label = f"Compte administratif (point {rec.item.id})"
        if chair.id in state.present and state.presiding == chair.id:
            return (
                f"{label}{NBSP}: l'assemblée élit son président pour ce point, "
                f"{chair.short_name} se retire pour le vote — Ctrl+Maj+P."
            )
        if chair.id in state.present and chair.id not in rec.withdrawn:
            return (
                f"{label}{NBSP}: retrait de {chair.short_name} pour le vote — "
                "tapez son nom puis Ctrl+Maj+W."
            )
    # after the vote of a compte administratif (even once the next item is open), until
    # the maire presides again
    voted = [r.item.id for r in state.items.values() if r.item.presided_apart and r.decided]
    if voted and chair is not None and chair.id in state.present and state.presiding != chair.id:
        return (
            f"Compte administratif (point {voted[-1]}) voté{NBSP}: {chair.short_name} "
            "reprend la présidence — Ctrl+Maj+P."
        )
    if presiding is not None and presiding.id not in state.present:
        return (
            f"{presiding.short_name}, qui préside, est absent{_e(service, presiding.id)}"
            f"{NBSP}: désignez son remplaçant dans l'ordre du tableau (L2122-17) — Ctrl+Maj+P."
        )
    return None


# --------------------------------------------------------------------------- member picker


class MemberPicker(QWidget):
    """A search box over a list of members. Single choice: Entrée emits ``chosen``.
    Several choices: Entrée (or Espace in the list) adds or removes the highlighted member,
    in the order chosen; ``changed`` tells."""

    chosen = Signal(str)
    changed = Signal()

    def __init__(
        self,
        entries: Sequence[tuple[str, str]],
        *,
        several: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._several = several
        self._picked: list[str] = []
        self._labels = dict(entries)
        self.search = QLineEdit(self)
        self.search.setObjectName("pickerSearch")
        self.search.setPlaceholderText("Tapez les premières lettres d'un nom")
        self.list = QListWidget(self)
        self.list.setObjectName("pickerList")
        for member_id, label in entries:
            row = QListWidgetItem(label)
            row.setData(MEMBER_ROLE, member_id)
            if several:
                row.setFlags(row.flags() & ~Qt.ItemFlag.ItemIsUserCheckable)
            self.list.addItem(row)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        self.search.textChanged.connect(self._on_search_text_changed)
        self.search.installEventFilter(self)
        self.list.installEventFilter(self)
        self.list.itemActivated.connect(self._on_list_item_activated)
        if self.list.count():
            self.list.setCurrentRow(0)

    # ------------------------------------------------------------------ reading
    def current(self) -> str | None:
        row = self.list.currentItem()
        if row is None or row.isHidden():
            return None
        value = row.data(MEMBER_ROLE)
        return value if isinstance(value, str) else None

    def set_current(self, member_id: str) -> None:
        for i in range(self.list.count()):
            if self.list.item(i).data(MEMBER_ROLE) == member_id:
                self.list.setCurrentRow(i)
                return

    def picked(self) -> tuple[str, ...]:
        return tuple(self._picked)

    # ------------------------------------------------------------------ acting
    def toggle(self, member_id: str) -> None:
        if member_id in self._picked:
            self._picked.remove(member_id)
        else:
            self._picked.append(member_id)
        self._repaint_picks()
        self.changed.emit()

    def _repaint_picks(self) -> None:
        for i in range(self.list.count()):
            row = self.list.item(i)
            member_id = row.data(MEMBER_ROLE)
            label = self._labels.get(member_id, member_id)
            if member_id in self._picked:
                row.setText(f"✓ {self._picked.index(member_id) + 1}. {label}")
            else:
                row.setText(label)

    def _choose_current(self) -> None:
        member_id = self.current()
        if member_id is None:
            return
        if self._several:
            self.toggle(member_id)
            self.search.setFocus(Qt.FocusReason.OtherFocusReason)
            self.search.selectAll()
        else:
            self.chosen.emit(member_id)

    def _visible_rows(self) -> list[int]:
        return [i for i in range(self.list.count()) if not self.list.item(i).isHidden()]

    def _move(self, step: int) -> None:
        rows = self._visible_rows()
        if not rows:
            return
        current = self.list.currentRow()
        position = rows.index(current) + step if current in rows else 0
        self.list.setCurrentRow(rows[max(0, min(len(rows) - 1, position))])

    # ------------------------------------------------------------------ slots
    def _on_search_text_changed(self, text: str) -> None:
        best: int | None = None
        fallback: int | None = None
        for i in range(self.list.count()):
            row = self.list.item(i)
            label = self._labels.get(row.data(MEMBER_ROLE), "")
            visible = matches(text, label)
            row.setHidden(not visible)
            if visible and fallback is None:
                fallback = i
            if visible and best is None and starts(text, label):
                best = i
        target = best if best is not None else fallback
        if target is not None:
            self.list.setCurrentRow(target)

    def _on_list_item_activated(self, _row: QListWidgetItem) -> None:
        self._choose_current()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return super().eventFilter(watched, event)
        plain = not event.modifiers() & (
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
        )
        key = event.key()
        if plain and key in ENTER_KEYS:
            self._choose_current()
            return True
        if watched is self.search and key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self._move(-1 if key == Qt.Key.Key_Up else 1)
            return True
        if watched is self.list and plain and key == Qt.Key.Key_Space and self._several:
            self._choose_current()
            return True
        if watched is self.list and plain and event.text().isprintable() and event.text():
            self.search.setFocus(Qt.FocusReason.OtherFocusReason)
            self.search.setText(event.text())
            return True
        return super().eventFilter(watched, event)


# --------------------------------------------------------------------------- base dialog


class ActDialog(QDialog):
    """A dialog that records one or more commands through the service; it stays open with
    the refusal in red until they are recorded. ``recorded`` lists what was."""

    def __init__(self, service: SessionService, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self._service = service
        self.recorded: list[str] = []
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.error = QLabel(self)
        self.error.setObjectName("actError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(ERROR_STYLE)
        self.layout_ = QVBoxLayout(self)
        self.layout_.addWidget(self.intro)
        self.resize(520, 460)

    def _finish_layout(self, hint: str, buttons: Sequence[QPushButton]) -> None:
        keys = QLabel(hint, self)
        keys.setWordWrap(True)
        keys.setStyleSheet("color: #5f6368;")
        row = QHBoxLayout()
        row.addWidget(keys, 1)
        cancel = QPushButton("Fermer (Échap)", self)
        for button in (*buttons, cancel):
            button.setAutoDefault(False)
            button.setDefault(False)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            row.addWidget(button)
        cancel.clicked.connect(self.reject)
        self.layout_.addWidget(self.error)
        self.layout_.addLayout(row)

    def record(self, commands: Sequence[Command]) -> bool:
        """Handle ``commands`` in order; stop at the first refusal (shown in red). The
        dialog closes when all are recorded."""
        for command in commands:
            try:
                change = self._service.handle(command)
            except DomainError as err:
                self.error.setText(str(err))
                return False
            self.recorded.append(change.label)
        self.accept()
        return True

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Entrée never presses a button here: the pickers handle it, or nothing does
        if (
            event.key() in ENTER_KEYS
            and not event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            event.accept()
            return
        super().keyPressEvent(event)


def _key(dialog: QDialog, keys: str, slot: Callable[[], object]) -> None:
    shortcut = QShortcut(QKeySequence(keys), dialog)
    shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    shortcut.activated.connect(slot)


def _ctrl_enter(dialog: QDialog, slot: Callable[[], object]) -> None:
    for keys in ("Ctrl+Return", "Ctrl+Enter"):
        _key(dialog, keys, slot)


# --------------------------------------------------------------------------- presidency


class PresidencyDialog(ActDialog):
    """« Présidence » (Ctrl+Maj+P): who presides from now on, among the members present, in
    the order of the tableau. The proposal depends on the moment: the replacement of an
    absent president (the first present in the tableau, L2122-17); for an item marked
    compte administratif, the president elected for it, with the maire's withdrawal for the
    vote ticked; after that item's vote, the return of the maire's presidency."""

    def __init__(self, service: SessionService, parent: QWidget | None = None) -> None:
        super().__init__(service, "Présidence de séance", parent)
        state = service.state
        chair = state.members.get(state.session.president or "")
        presiding = state.members.get(state.presiding or "")
        rec = state.items.get(state.current_item or "")
        members = present_titulars(service)
        self.withdraw: QCheckBox | None = None
        self._withdraw_item: str | None = None
        proposed: str | None = None
        intro = (
            f"Préside actuellement{NBSP}: {presiding.full_name}."
            if presiding is not None
            else "Aucun président désigné."
        )
        ca_open = rec is not None and rec.item.presided_apart and not rec.decided
        if ca_open and rec is not None and chair is not None and state.presiding == chair.id:
            members = [m for m in members if m != chair.id]
            intro = (
                f"Compte administratif (point {rec.item.id}, L2121-14){NBSP}: l'assemblée élit "
                f"le président de séance pour ce point. Choisissez l'élu{NBSP}; "
                f"{chair.short_name} se retire pour le vote."
            )
            if chair.id not in rec.withdrawn and chair.id in state.present:
                self.withdraw = QCheckBox(
                    f"{chair.short_name} se &retire pour le vote du point {rec.item.id}", self
                )
                self.withdraw.setChecked(True)
                self._withdraw_item = rec.item.id
        elif (
            chair is not None
            and state.presiding != chair.id
            and chair.id in state.present
            and not ca_open
        ):
            proposed = chair.id
            intro += f" Proposé{NBSP}: le retour de la présidence à {chair.short_name}."
        elif presiding is not None and presiding.id not in state.present:
            replacement = next((m for m in members if m != presiding.id), None)
            if replacement is not None:
                proposed = replacement
                intro = (
                    f"{presiding.short_name}, qui présidait, est "
                    f"absent{_e(service, presiding.id)}{NBSP}: "
                    f"le remplaçant est le premier membre présent dans l'ordre du tableau "
                    f"(L2122-17), proposé ci-dessous."
                )
        else:
            proposed = next((m for m in members if m != state.presiding), None)
        self.intro.setText(intro)
        entries = [
            (m, member_label(service, m) + (" — préside" if m == state.presiding else ""))
            for m in members
        ]
        self.picker = MemberPicker(entries, parent=self)
        if proposed is not None:
            self.picker.set_current(proposed)
        self.layout_.addWidget(self.picker, 1)
        if self.withdraw is not None:
            self.layout_.addWidget(self.withdraw)
        button = QPushButton("Présider", self)
        button.clicked.connect(self._on_preside_clicked)
        self._finish_layout(
            f"Entrée{NBSP}: le membre en surbrillance préside · Échap{NBSP}: fermer", [button]
        )
        self.picker.chosen.connect(self._on_picker_chosen)
        self.picker.search.setFocus()

    def preside(self, member_id: str) -> bool:
        commands: list[Command] = [Preside(member_id)]
        chair = self._service.state.session.president
        if self.withdraw is not None and self.withdraw.isChecked() and chair is not None:
            commands.append(WithdrawFromVote(chair, self._withdraw_item))
        return self.record(commands)

    def _on_picker_chosen(self, member_id: str) -> None:
        self.preside(member_id)

    def _on_preside_clicked(self) -> None:
        member_id = self.picker.current()
        if member_id is not None:
            self.preside(member_id)


# --------------------------------------------------------------------------- one member


class ChooseMemberDialog(ActDialog):
    """One member to choose, one command built from him: the appointment of a single
    candidate, the winner of a drawing of lots."""

    def __init__(
        self,
        service: SessionService,
        title: str,
        intro: str,
        entries: Sequence[tuple[str, str]],
        build: Callable[[str], Command],
        action: str,
        *,
        proposed: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(service, title, parent)
        self._build = build
        self.intro.setText(intro)
        self.picker = MemberPicker(entries, parent=self)
        if proposed is not None:
            self.picker.set_current(proposed)
        self.layout_.addWidget(self.picker, 1)
        button = QPushButton(action, self)
        button.clicked.connect(self._on_button_clicked)
        self._finish_layout(f"Entrée{NBSP}: {action.lower()} · Échap{NBSP}: fermer", [button])
        self.picker.chosen.connect(self._on_picker_chosen)
        self.picker.search.setFocus()

    def choose(self, member_id: str) -> bool:
        return self.record([self._build(member_id)])

    def _on_picker_chosen(self, member_id: str) -> None:
        self.choose(member_id)

    def _on_button_clicked(self) -> None:
        member_id = self.picker.current()
        if member_id is not None:
            self.choose(member_id)


def appoint_dialog(
    service: SessionService, item_id: str, proposed: str | None, parent: QWidget | None = None
) -> ChooseMemberDialog:
    """« Nomination sans vote » : the single candidate for the post (L2121-21)."""
    state = service.state
    entries = [(m.id, member_label(service, m.id)) for m in state.in_office]
    return ChooseMemberDialog(
        service,
        "Nomination sans vote",
        f"Point {item_id}{NBSP}: une seule candidature a été déposée pour le poste{NBSP}; "
        "le candidat est nommé sans vote (L2121-21). Choisissez-le.",
        entries,
        lambda member_id: Appoint(item_id, member_id),
        "Nommer",
        proposed=proposed,
        parent=parent,
    )


def lots_dialog(
    service: SessionService,
    item_id: str,
    candidates: Sequence[str],
    parent: QWidget | None = None,
) -> ChooseMemberDialog:
    """« Tirage au sort » : the candidate the lot designated (the program never draws)."""
    state = service.state
    entries = [(c, member_label(service, c)) for c in candidates if c in state.members]
    return ChooseMemberDialog(
        service,
        "Tirage au sort",
        f"Point {item_id}{NBSP}: égalité entre candidats nés le même jour. L'assemblée tire "
        f"au sort{NBSP}; choisissez le candidat que le sort a désigné, puis enregistrez "
        "le tour.",
        entries,
        lambda member_id: DrawLots(item_id, member_id),
        "Enregistrer le tirage",
        parent=parent,
    )


# --------------------------------------------------------------------------- several members


class BallotRequestDialog(ActDialog):
    """« Demande de scrutin » : members present ask for a public or a secret ballot on the
    item under discussion (L2121-21)."""

    def __init__(
        self, service: SessionService, item_id: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(service, "Demande de scrutin", parent)
        self._item = item_id
        state = service.state
        self.intro.setText(
            f"Point {item_id}{NBSP}: un scrutin public se demande par le quart des membres "
            "présents (le sixième dans un département ou une région), un scrutin secret par "
            f"le tiers{NBSP}; le secret l'emporte."
        )
        # keys that act at once (a mnemonic clicks after a delay, and a name typed fast
        # would follow it elsewhere)
        self.public = QRadioButton("Scrutin public (Alt+U)", self)
        self.secret = QRadioButton("Scrutin secret (Alt+S)", self)
        _key(self, "Alt+U", lambda: self.public.setChecked(True))
        _key(self, "Alt+S", lambda: self.secret.setChecked(True))
        self.public.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.public)
        group.addButton(self.secret)
        kinds = QHBoxLayout()
        kinds.addWidget(self.public)
        kinds.addWidget(self.secret)
        kinds.addStretch(1)
        self.layout_.addLayout(kinds)
        members = [m for m in state.members.values() if m.id in state.present]
        entries = [(m.id, member_label(service, m.id)) for m in members]
        self.picker = MemberPicker(entries, several=True, parent=self)
        self.count = QLabel(self)
        self.layout_.addWidget(QLabel("Demandeurs (membres présents)", self))
        self.layout_.addWidget(self.picker, 1)
        self.layout_.addWidget(self.count)
        button = QPushButton("Enregistrer la demande", self)
        button.clicked.connect(self.submit)
        self._finish_layout(
            f"Entrée{NBSP}: ajouter / retirer le demandeur · Alt+U / Alt+S{NBSP}: public / "
            f"secret · Ctrl+Entrée{NBSP}: enregistrer · Échap{NBSP}: fermer",
            [button],
        )
        self.picker.changed.connect(self._on_picker_changed)
        _ctrl_enter(self, self.submit)
        self._on_picker_changed()
        self.picker.search.setFocus()

    def ballot(self) -> Ballot:
        return Ballot.SECRET if self.secret.isChecked() else Ballot.PUBLIC

    def submit(self) -> bool:
        askers = self.picker.picked()
        if not askers:
            self.error.setText("Ajoutez les demandeurs (Entrée sur chaque nom).")
            return False
        return self.record([RequestBallot(self._item, self.ballot(), askers)])

    def _on_picker_changed(self) -> None:
        n = len(self.picker.picked())
        self.count.setText(f"{n} demandeur{'s' if n > 1 else ''}")


class ClosedDoorsDialog(ActDialog):
    """« Huis clos » : asked by three members or the maire, decided without debate by the
    absolute majority of the members present or represented (L2121-18)."""

    def __init__(self, service: SessionService, parent: QWidget | None = None) -> None:
        super().__init__(service, "Huis clos", parent)
        state = service.state
        att = state.attendance(None)
        voices = att.present_voices + att.represented_voices
        self.intro.setText(
            "Le huis clos se demande par trois membres au moins ou par le maire, et se "
            f"décide sans débat à la majorité absolue des {voices} membres présents ou "
            f"représentés ({voices // 2 + 1} voix)."
        )
        members = [m for m in state.members.values() if m.id in state.present]
        self.picker = MemberPicker(
            [(m.id, member_label(service, m.id)) for m in members], several=True, parent=self
        )
        self.votes = QSpinBox(self)
        self.votes.setRange(0, 100_000)
        self.votes.setButtonSymbols(QSpinBox.ButtonSymbols.NoButtons)
        votes_label = QLabel("&Voix pour le huis clos", self)
        votes_label.setBuddy(self.votes)
        row = QHBoxLayout()
        row.addWidget(votes_label)
        row.addWidget(self.votes)
        row.addStretch(1)
        self.layout_.addWidget(QLabel("Demandeurs", self))
        self.layout_.addWidget(self.picker, 1)
        self.layout_.addLayout(row)
        button = QPushButton("Enregistrer le huis clos", self)
        button.clicked.connect(self.submit)
        self._finish_layout(
            f"Entrée{NBSP}: ajouter / retirer le demandeur · Alt+V{NBSP}: les voix · "
            f"Ctrl+Entrée{NBSP}: enregistrer · Échap{NBSP}: fermer",
            [button],
        )
        _ctrl_enter(self, self.submit)
        self.setTabOrder(self.picker.search, self.votes)
        self.picker.search.setFocus()

    def submit(self) -> bool:
        askers = self.picker.picked()
        if not askers:
            self.error.setText("Ajoutez les demandeurs (Entrée sur chaque nom).")
            return False
        return self.record([StartClosedDoors(askers, self.votes.value())])


# --------------------------------------------------------------------------- list election


class ListElectionDialog(ActDialog):
    """« Élection par liste » (L2122-7-2): for each list, its name, its candidates in order
    (Entrée on each name) and its ballots; then the blank and spoilt ballots. The core
    decides the elected list (absolute majority in rounds 1 and 2, relative in round 3, a
    tie to the highest average age)."""

    def __init__(
        self, service: SessionService, item_id: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(service, "Élection par liste", parent)
        self._item = item_id
        state = service.state
        rec = state.items[item_id]
        self._round = len(rec.list_rounds) + 1
        self._lists: list[tuple[str, tuple[str, ...], int]] = []
        # the lists stay the same from one round to the next: typing a list's name again
        # brings back its candidates
        self._previous = self._lists_of_last_round(service, item_id)
        voters = state.attendance(item_id).voters
        self.intro.setText(
            f"Point {item_id}, {self._round}{'er' if self._round == 1 else 'e'} tour "
            f"— {voters} votants. Saisissez chaque liste (nom, candidats dans l'ordre, "
            "voix), puis « Ajouter la liste » (Alt+A)."
        )
        self.name = QLineEdit(self)
        self.name.setPlaceholderText("Nom de la liste")
        name_label = QLabel("&Nom", self)
        name_label.setBuddy(self.name)
        self.picker = MemberPicker(
            [(m.id, member_label(service, m.id)) for m in state.in_office],
            several=True,
            parent=self,
        )
        self.ballots = QSpinBox(self)
        self.ballots.setRange(0, 100_000)
        self.ballots.setButtonSymbols(QSpinBox.ButtonSymbols.NoButtons)
        ballots_label = QLabel("V&oix de la liste", self)
        ballots_label.setBuddy(self.ballots)
        self.add_button = QPushButton("Ajouter la liste (Alt+A)", self)
        self.add_button.setAutoDefault(False)
        self.entered = QListWidget(self)
        self.entered.setObjectName("enteredLists")
        self.entered.setMaximumHeight(90)
        self.blank = QSpinBox(self)
        self.spoilt = QSpinBox(self)
        others = QHBoxLayout()
        for text, box in (("&Blancs", self.blank), ("N&uls", self.spoilt)):
            box.setRange(0, 100_000)
            box.setButtonSymbols(QSpinBox.ButtonSymbols.NoButtons)
            label = QLabel(text, self)
            label.setBuddy(box)
            others.addWidget(label)
            others.addWidget(box)
        others.addStretch(1)
        top = QHBoxLayout()
        top.addWidget(name_label)
        top.addWidget(self.name, 1)
        top.addWidget(ballots_label)
        top.addWidget(self.ballots)
        top.addWidget(self.add_button)
        self.layout_.addLayout(top)
        self.layout_.addWidget(
            QLabel("Candidats de la liste (Entrée sur chaque nom, dans l'ordre)")
        )
        self.layout_.addWidget(self.picker, 1)
        self.layout_.addWidget(QLabel("Listes saisies", self))
        self.layout_.addWidget(self.entered)
        self.layout_.addLayout(others)
        button = QPushButton("Enregistrer le tour", self)
        button.clicked.connect(self.submit)
        self._finish_layout(
            f"Ctrl+Entrée{NBSP}: enregistrer le tour · Échap{NBSP}: fermer", [button]
        )
        self.add_button.clicked.connect(self.add_list)
        _key(self, "Alt+A", self.add_list)
        self.name.textChanged.connect(self._on_name_text_changed)
        _ctrl_enter(self, self.submit)
        QWidget.setTabOrder(self.name, self.picker.search)
        QWidget.setTabOrder(self.picker.search, self.ballots)
        QWidget.setTabOrder(self.ballots, self.blank)
        QWidget.setTabOrder(self.blank, self.spoilt)
        self._lists = list(self._previous)
        self._show_lists()
        self.name.setFocus()
        self.resize(620, 620)

    @staticmethod
    def _lists_of_last_round(
        service: SessionService, item_id: str
    ) -> list[tuple[str, tuple[str, ...], int]]:
        """The lists of the item's last round, in the journal (their ballots reset)."""
        for event in reversed(service.events):
            lists = getattr(event, "lists", None)
            if getattr(event, "item", None) == item_id and isinstance(lists, tuple):
                return [(n, tuple(c), 0) for n, c, _ in lists]
        return []

    def _show_lists(self) -> None:
        names = self._service.state.name
        self.entered.clear()
        for name, candidates, ballots in self._lists:
            who = ", ".join(names(c) for c in candidates)
            self.entered.addItem(f"{name} — {ballots} voix — {who}")

    def add_list(self) -> bool:
        name = self.name.text().strip()
        candidates = self.picker.picked()
        if not name or not candidates:
            self.error.setText("Donnez le nom de la liste et ses candidats (Entrée sur chacun).")
            return False
        self._lists = [entry for entry in self._lists if entry[0] != name]
        self._lists.append((name, candidates, self.ballots.value()))
        self._show_lists()
        self.error.setText("")
        self.name.clear()
        self.ballots.setValue(0)
        for member_id in candidates:
            self.picker.toggle(member_id)
        self.name.setFocus()
        return True

    def _on_name_text_changed(self, text: str) -> None:
        known = {n: c for n, c, _ in self._lists}
        candidates = known.get(text.strip())
        if candidates is None:
            return
        for member_id in self.picker.picked():
            self.picker.toggle(member_id)
        for member_id in candidates:
            self.picker.toggle(member_id)

    def submit(self) -> bool:
        if self.name.text().strip() and self.picker.picked() and not self.add_list():
            return False
        if not self._lists:
            self.error.setText("Saisissez au moins une liste.")
            return False
        return self.record(
            [
                RecordListElectionRound(
                    self._item,
                    self._round,
                    tuple(self._lists),
                    self.blank.value(),
                    self.spoilt.value(),
                )
            ]
        )
