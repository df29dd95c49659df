"""Errors raised by the domain: every message is French and meant for the secretary.

A rule's refusal is a ``Refused``: a code (``Refusal``) and the facts it rests on (members
as ``Member`` values, item ids, numbers). Its French sentence is written by one module,
``app.domain.wording.refusals``, from the code and the facts: names, never ids, and the
agreement of each member's civility."""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum
from types import MappingProxyType


class DomainError(Exception):
    """A rule of the CGCT (or of the assembly's statutes) refuses a command.

    ``message`` is shown as is to the user; ``index`` is the position of the faulty
    event in a journal or an imported file, when there is one.
    """

    def __init__(self, message: str, index: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.index = index

    def at_index(self, index: int) -> DomainError:
        """Return the same error located at event ``index`` (0-based)."""
        return DomainError(self.message, index)

    def __str__(self) -> str:
        if self.index is None:
            return self.message
        return f"Événement d'indice {self.index} (n° {self.index + 1} de la liste) : {self.message}"


class InputError(DomainError):
    """Malformed input (file, CSV line, field): not a rule, a form problem."""


class Refusal(Enum):
    """Why the rules refuse an event or a command (docs/REFUSALS.md lists each one's
    French sentence)."""

    # journal and session phases
    CORRECTION_NOT_STATE = "correction_not_state"
    SESSION_CLOSED = "session_closed"
    OUTSIDE_SESSION_DAY = "outside_session_day"
    BEFORE_PREVIOUS = "before_previous"
    ALREADY_OPENED = "already_opened"
    SUSPEND_NOT_OPEN = "suspend_not_open"
    RESUME_NOT_SUSPENDED = "resume_not_suspended"
    CLOSE_NOT_OPENED = "close_not_opened"
    ITEM_BEFORE_OPENING = "item_before_opening"
    EMPTY_NOTE = "empty_note"
    CORRECTION_TARGET_MISSING = "correction_target_missing"
    CORRECTION_TARGET_CANCELLED = "correction_target_cancelled"
    CAUSED_BY_CORRECTION = "caused_by_correction"
    # who is who
    UNKNOWN_MEMBER = "unknown_member"
    UNKNOWN_ITEM = "unknown_item"
    SUBSTITUTE_NOT_IN_OFFICE = "substitute_not_in_office"
    MANDATE_ENDED = "mandate_ended"
    MANDATE_NOT_STARTED = "mandate_not_started"
    # attendance
    ALREADY_PRESENT = "already_present"
    SUBSTITUTE_OF_OTHER = "substitute_of_other"
    TITULAR_PRESENT = "titular_present"
    TITULAR_GAVE_PROXY = "titular_gave_proxy"
    SEAT_TAKEN = "seat_taken"
    NOT_A_SUBSTITUTE = "not_a_substitute"
    SUBSTITUTE_SITTING = "substitute_sitting"
    NOT_PRESENT_TO_LEAVE = "not_present_to_leave"
    PRESENT_NOT_EXCUSED = "present_not_excused"
    ALREADY_EXCUSED = "already_excused"
    # proxies
    PROXY_TO_SELF = "proxy_to_self"
    HOLDER_NOT_IN_OFFICE = "holder_not_in_office"
    GIVER_PRESENT = "giver_present"
    GIVER_SUBSTITUTED = "giver_substituted"
    PROXY_ALREADY_GIVEN = "proxy_already_given"
    NO_PROXIES_ALLOWED = "no_proxies_allowed"
    HOLDER_FULL = "holder_full"
    NO_PROXY_TO_REVOKE = "no_proxy_to_revoke"
    # presidency, recusal, withdrawal
    VOTE_ALREADY_RECORDED = "vote_already_recorded"
    ALREADY_RECUSED = "already_recused"
    SUBSTITUTE_CANNOT_PRESIDE = "substitute_cannot_preside"
    PRESIDENT_NOT_PRESENT = "president_not_present"
    ALREADY_PRESIDING = "already_presiding"
    WITHDRAWN_CANNOT_PRESIDE = "withdrawn_cannot_preside"
    ALREADY_WITHDRAWN = "already_withdrawn"
    WITHDRAWAL_NOT_PRESENT = "withdrawal_not_present"
    PRESIDENT_WITHDRAWING = "president_withdrawing"
    # ballot requests, closed doors, appointments
    BALLOT_REQUEST_TOO_LATE = "ballot_request_too_late"
    BALLOT_REQUEST_SHOW_OF_HANDS = "ballot_request_show_of_hands"
    BALLOT_REQUEST_DUPLICATE = "ballot_request_duplicate"
    BALLOT_REQUESTER_ABSENT = "ballot_requester_absent"
    BALLOT_REQUEST_TOO_FEW = "ballot_request_too_few"
    CLOSED_DOORS_NOT_OPEN = "closed_doors_not_open"
    ALREADY_CLOSED_DOORS = "already_closed_doors"
    CLOSED_DOORS_ASKER_ABSENT = "closed_doors_asker_absent"
    CLOSED_DOORS_TOO_FEW_ASKERS = "closed_doors_too_few_askers"
    CLOSED_DOORS_TOO_MANY_VOTES = "closed_doors_too_many_votes"
    CLOSED_DOORS_NOT_DECIDED = "closed_doors_not_decided"
    NOT_IN_CLOSED_DOORS = "not_in_closed_doors"
    APPOINTMENT_TOO_LATE = "appointment_too_late"
    APPOINTMENT_NOT_OPEN = "appointment_not_open"
    APPOINTMENT_ITEM_NOT_OPEN = "appointment_item_not_open"
    SECRET_WAIVER_NOT_OPEN = "secret_waiver_not_open"
    SECRET_WAIVER_ITEM_NOT_OPEN = "secret_waiver_item_not_open"
    SECRET_WAIVER_TOO_LATE = "secret_waiver_too_late"
    SECRET_ALREADY_WAIVED = "secret_already_waived"
    SECRET_WAIVER_SECRET_ASKED = "secret_waiver_secret_asked"
    SECRET_WAIVER_NOT_UNANIMOUS = "secret_waiver_not_unanimous"
    VOTE_AFTER_SECRET_WAIVER = "vote_after_secret_waiver"
    # what blocks a vote (see ``vote_blocker``)
    VOTE_SESSION_NOT_OPENED = "vote_session_not_opened"
    VOTE_SESSION_SUSPENDED = "vote_session_suspended"
    VOTE_SESSION_CLOSED = "vote_session_closed"
    ITEM_DECIDED = "item_decided"
    VOTE_ITEM_DECIDED = "vote_item_decided"
    NO_ITEM_OPEN = "no_item_open"
    OTHER_ITEM_OPEN = "other_item_open"
    NO_QUORUM = "no_quorum"
    # votes
    ELECTION_IN_PROGRESS = "election_in_progress"
    SECRET_BALLOT_REQUIRED = "secret_ballot_required"
    PUBLIC_BALLOT_REQUIRED = "public_ballot_required"
    PUBLIC_COUNT_MISMATCH = "public_count_mismatch"
    PRESIDENT_CHOICE_MISMATCH = "president_choice_mismatch"
    SECRET_WITH_NAMES = "secret_with_names"
    SECRET_PRESIDENT_VOTE = "secret_president_vote"
    BLANK_SPOILT_SHOW_OF_HANDS = "blank_spoilt_show_of_hands"
    PRESIDENT_VOTE_UNAVAILABLE = "president_vote_unavailable"
    PRESIDENT_VOTE_NOT_COUNTED = "president_vote_not_counted"
    CHOICE_NOT_ALLOWED = "choice_not_allowed"
    TWO_CHOICES = "two_choices"
    CHOICE_MISSING = "choice_missing"
    VOICES_MISMATCH = "voices_mismatch"
    # elections
    TOO_MANY_ROUNDS = "too_many_rounds"
    UNINOMINAL_ELECTION_IN_PROGRESS = "uninominal_election_in_progress"
    LIST_ELECTION_IN_PROGRESS = "list_election_in_progress"
    WRONG_ROUND = "wrong_round"
    DUPLICATE_LIST = "duplicate_list"
    CANDIDATE_ON_TWO_LISTS = "candidate_on_two_lists"
    LIST_NOT_ALTERNATING = "list_not_alternating"
    BALLOTS_MISMATCH = "ballots_mismatch"
    TIE_BIRTH_MISSING = "tie_birth_missing"
    TIE_SAME_BIRTH = "tie_same_birth"
    TIE_LOT_NOT_TIED = "tie_lot_not_tied"
    LIST_TIE_SAME_AGE = "list_tie_same_age"
    LIST_TIE_LOT_NOT_TIED = "list_tie_lot_not_tied"
    LOTS_NOT_A_LIST = "lots_not_a_list"
    LOTS_OUT_OF_TURN = "lots_out_of_turn"
    # commands
    NO_CURRENT_ITEM_FOR_RECUSAL = "no_current_item_for_recusal"
    NOTHING_TO_AMEND = "nothing_to_amend"
    AMENDMENT_REASON_MISSING = "amendment_reason_missing"
    UNKNOWN_COMMAND = "unknown_command"


class Refused(DomainError):
    """A rule refuses: ``code`` says which, ``facts`` what it rests on (``Member`` values,
    item ids, numbers, enums). ``str()`` is the French sentence, as for any ``DomainError``."""

    def __init__(self, code: Refusal, index: int | None = None, **facts: object) -> None:
        # the wording module imports the domain's values: import it when a refusal is made
        from app.domain.wording.refusals import refusal_message

        self.code = code
        self.facts: Mapping[str, object] = MappingProxyType(facts)
        super().__init__(refusal_message(code, self.facts), index)

    def at_index(self, index: int) -> Refused:
        return Refused(self.code, index, **self.facts)
