"""Demo data for `make run`: an open call, the themes, and a dozen clearly fictional examples in
every state, five of them published.

Idempotent: running it again adds nothing twice, and moves the call's deadlines into the future
again if they have passed, so the demo site stays alive.
"""

import datetime as dt
import unicodedata

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from book.builds import build_edition
from book.models import Edition
from book.services import publish_edition
from editorial.roles import EDITOR_GROUPS
from participation.models import Input, Moderation, Tool
from publisher.demo import DEMOS, apply_demo
from recipes.demo import seed_recipes
from submissions import services
from submissions.models import Call, ConsentPurpose, Municipality, Person, Submission, Theme
from submissions.workflow import State, transition

DEMO_CALL_SLUG = "veier-til-nye-samarbeid-demo"
DEMO_EDITOR = ("redaktor", "kokebok-demo")
EMAIL_DOMAIN = "example.no"

# (slug, Bokmål, Nynorsk, English name; Bokmål and English introduction), in the book's order.
THEMES = [
    (
        "frafall-i-videregaende-skole",
        "Frafall i videregående skole",
        "Fråfall i vidaregåande skule",
        "Dropout from upper secondary school",
        "Samarbeid som hjelper unge å fullføre videregående skole.",
        "Collaborations that help young people complete upper secondary school.",
    ),
    (
        "arbeidsinkludering",
        "Arbeidsinkludering",
        "Arbeidsinkludering",
        "Work inclusion",
        "Veier til arbeid for dem som står utenfor arbeidslivet.",
        "Paths to work for people outside the labour market.",
    ),
    (
        "rus",
        "Rus",
        "Rus",
        "Substance abuse",
        "Lavterskeltilbud og oppfølging for mennesker med rusproblemer.",
        "Low-threshold services and follow-up for people with substance abuse problems.",
    ),
    (
        "integrering",
        "Integrering",
        "Integrering",
        "Integration",
        "Språk, arbeid og fellesskap for nyankomne.",
        "Language, work and community for newcomers.",
    ),
    (
        "barn-og-unge",
        "Barn og unge",
        "Born og unge",
        "Children and youth",
        "Tilbud som gir barn og unge en god oppvekst.",
        "Services that give children and young people a good upbringing.",
    ),
    (
        "eldreomsorg",
        "Eldreomsorg",
        "Eldreomsorg",
        "Elderly care",
        "Aktivitet, mestring og fellesskap for eldre.",
        "Activity, coping and community for older people.",
    ),
    (
        "offentlige-anskaffelser",
        "Offentlige anskaffelser",
        "Offentlege innkjøp",
        "Public procurement",
        "Hvordan kommunen kan kjøpe av og avtale med sosiale entreprenører.",
        "How a municipality can buy from and make agreements with social entrepreneurs.",
    ),
]

# (title, summary, form, municipality numbers, enterprise, final state, theme slugs: main first)
EXAMPLES = [
    (
        "Fiktivt eksempel: Lunsjkafé som arbeidstrening",
        "Kommunen og en sosial entreprenør driver en "
        "kafé der unge utenfor arbeidslivet får arbeidstrening.",
        "pilot",
        ["0301"],
        "Demokafeen Grønn Start AS (fiktiv)",
        State.PUBLISHED,
        ("arbeidsinkludering", "barn-og-unge"),
    ),
    (
        "Fiktivt eksempel: Leksehjelp på biblioteket",
        "Frivillige og en sosial entreprenør gir "
        "leksehjelp som forebygger frafall i videregående skole.",
        "partnership",
        ["4601", "4626"],
        "Lekseverkstedet SA (fiktiv)",
        State.PUBLISHED,
        ("frafall-i-videregaende-skole", "barn-og-unge"),
    ),
    (
        "Fiktivt eksempel: Sykkelverksted for integrering",
        "Et sykkelverksted der nyankomne lærer norsk gjennom praktisk arbeid.",
        "grant",
        ["5001"],
        "Hjulspor AS (fiktiv)",
        State.APPROVED,
        ("integrering", "arbeidsinkludering"),
    ),
    (
        "Fiktivt eksempel: Seniortreff med digital hjelp",
        "Eldre får hjelp med digitale tjenester av unge ansatt i en sosial virksomhet.",
        "below_threshold",
        ["1103"],
        "Digihjelp for alle AS (fiktiv)",
        State.PUBLISHED,
        ("eldreomsorg",),
    ),
    (
        "Fiktivt eksempel: Gjenbruksbutikk med tilrettelagt arbeid",
        "Kommunen leier lokaler til en gjenbruksbutikk som gir tilrettelagt arbeid.",
        "operating_agreement",
        ["3301"],
        "Ombruk Arbeid AS (fiktiv)",
        State.IN_REVIEW,
        ("arbeidsinkludering", "offentlige-anskaffelser"),
    ),
    (
        "Fiktivt eksempel: Turgruppe mot rus",
        "Ukentlige turer i samarbeid med en sosial entreprenør "
        "som et lavterskeltilbud innen rusomsorg.",
        "joint_development",
        ["1804"],
        "Ut på tur SA (fiktiv)",
        State.CHANGES_REQUESTED,
        ("rus",),
    ),
    (
        "Fiktivt eksempel: Matsvinn blir middag",
        "Overskuddsmat fra butikker blir middager for barnefamilier.",
        "partnership",
        ["3107"],
        "Restemat AS (fiktiv)",
        State.PUBLISHED,
        ("barn-og-unge",),
    ),
    (
        "Fiktivt eksempel: Ungdomsbedrift i skolen",
        "Elever driver en ungdomsbedrift med støtte fra kommunen og en sosial entreprenør.",
        "pilot",
        ["1506"],
        "Gründerskolen AS (fiktiv)",
        State.WRITEUP_SUBMITTED,
        ("frafall-i-videregaende-skole", "barn-og-unge"),
    ),
    (
        "Fiktivt eksempel: Nabolagsverksted",
        "Et åpent verksted i en bydel der beboere reparerer ting sammen.",
        "other",
        ["3201"],
        "Fiksekroken SA (fiktiv)",
        State.PITCH_RECEIVED,
        ("integrering",),
    ),
    (
        "Fiktivt eksempel: Kor for nye landsmenn",
        "Et kor der språkopplæring og fellesskap går hånd i hånd.",
        "grant",
        ["4204"],
        "Syng sammen AS (fiktiv)",
        State.PUBLISHED,
        ("integrering",),
    ),
    (
        "Fiktivt eksempel: Snøryddingslag",
        "Et prosjekt som ble avsluttet før det kom i gang.",
        "below_threshold",
        ["5501"],
        "Brøyt og bry AS (fiktiv)",
        State.REJECTED,
        ("offentlige-anskaffelser",),
    ),
    (
        "Fiktivt eksempel: Parsellhage på sykehjemmet",
        "Beboere og naboer dyrker grønnsaker sammen.",
        "partnership",
        ["3905"],
        "Grønne fingre SA (fiktiv)",
        State.WITHDRAWN,
        ("eldreomsorg",),
    ),
]

# The editor's path from a submitted write-up to each final state.
EDITOR_PATHS = {
    State.IN_REVIEW: [State.IN_REVIEW],
    State.CHANGES_REQUESTED: [State.IN_REVIEW, State.CHANGES_REQUESTED],
    State.APPROVED: [State.IN_REVIEW, State.APPROVED],
    State.PUBLISHED: [State.IN_REVIEW, State.APPROVED, State.PUBLISHED],
    State.REJECTED: [State.REJECTED],
}


# (title, description, audience, theme slugs): clearly fictional tools for the demo toolbox.
DEMO_TOOLS = [
    (
        "Fiktiv veileder: innovative anskaffelser",
        "Slik kjøper kommunen tjenester fra en sosial entreprenør innenfor regelverket.",
        "municipality",
        ["offentlige-anskaffelser"],
    ),
    ("Fiktiv mal: samarbeidsavtale", "En avtalemal for pilotsamarbeid.", "both", []),
    (
        "Fiktiv ordning: tilskudd til arbeidsinkludering",
        "Tilskudd som kan finansiere en pilot.",
        "enterprise",
        ["arbeidsinkludering"],
    ),
]


IMMEDIATE_TASKS = "django_tasks.backends.immediate.ImmediateBackend"


class Command(BaseCommand):
    help = "Load demo data: an open call and a dozen fictional example submissions in every state."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Run under DJANGO_ENV=production: only for a throwaway database (CI's smoke).",
        )
        parser.add_argument(
            "--publisher",
            choices=sorted(DEMOS),
            default="fictional",
            help="The publisher: a clearly fictional one, or the original call's (historical).",
        )

    def handle(self, *args, allow_production=False, publisher="fictional", **options):
        if settings.PRODUCTION and not allow_production:
            # The demo editor's password is public: on a real site, whoever used it first could
            # sign in and set up their own authenticator app.
            raise CommandError(
                "seed_demo adds fictional cases and an editor whose password is printed for "
                "anyone; it refuses to run with DJANGO_ENV=production."
            )
        # Demo data must never e-mail anyone, whatever the mail and task settings: the e-mail
        # tasks run at once, into the dummy backend, instead of waiting for a worker.
        with override_settings(
            EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
            TASKS={"default": {**settings.TASKS["default"], "BACKEND": IMMEDIATE_TASKS}},
        ):
            apply_demo(publisher)
            editor = self._editor()
            call = self._call()
            self._themes()
            created = sum(
                # Started in different years, so that the facts boxes differ.
                self._example(call, editor, *example, started_year=2016 + position % 9)
                for position, example in enumerate(EXAMPLES)
            )
            self._toolbox()
            seed_recipes(by=editor)
            self._edition()
        self.stdout.write(f"Demo call: {call.title} ({created} new example(s)).")
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo editor login: {settings.SITE_URL}/admin/  user: {DEMO_EDITOR[0]}  "
                f"password: {DEMO_EDITOR[1]}"
            )
        )

    def _editor(self):
        user, created = get_user_model().objects.get_or_create(
            username=DEMO_EDITOR[0],
            defaults={
                "email": f"{DEMO_EDITOR[0]}@{EMAIL_DOMAIN}",
                "is_staff": True,
            },
        )
        if created:
            user.set_password(DEMO_EDITOR[1])
            user.save()
        # An ordinary editor, not a superuser, so the demo shows what editors really see.
        user.groups.add(Group.objects.get(name=EDITOR_GROUPS[0]))
        return user

    def _toolbox(self):
        themes = {theme.slug: theme for theme in Theme.objects.all()}
        for title, description, audience, theme_slugs in DEMO_TOOLS:
            tool, created = Tool.objects.get_or_create(
                title=title,
                defaults={
                    "description": description,
                    "link": "https://www.example.no/",
                    "audience": audience,
                    "status": Moderation.APPROVED,
                },
            )
            if created:
                tool.themes.set([themes[slug] for slug in theme_slugs if slug in themes])
        Input.objects.get_or_create(
            email=f"leser@{EMAIL_DOMAIN}",
            defaults={
                "name": "Fiktiv Leser",
                "organisation": "Eksempel kommune",
                "text": "Et fiktivt innspill: ta gjerne med flere eksempler fra Nord-Norge.",
                "publish_consent": True,
                "status": Moderation.APPROVED,
            },
        )

    def _edition(self):
        edition, created = Edition.objects.get_or_create(
            number=1,
            defaults={
                "subtitle": "Prototype med fiktive demoeksempler",
                "foreword": "Dette er en demoutgave med fiktive eksempler.",
            },
        )
        if created:
            build_edition(edition)
            publish_edition(edition)  # readers get an edition only once it is published

    def _call(self):
        today = timezone.localdate()
        pitch_deadline = _end_of_day(today + dt.timedelta(days=30))
        call, created = Call.objects.get_or_create(
            slug=DEMO_CALL_SLUG,
            defaults={
                "title": "Veier til nye samarbeid (demo)",
                "title_nn": "Vegar til nye samarbeid (demo)",
                "title_en": "Paths to new collaborations (demo)",
                "introduction": "Del et eksempel på samarbeid mellom en kommune og en sosial "
                "entreprenør. Først en kort pitch, deretter en tekst på omtrent én side.",
                "introduction_nn": "Del eit døme på samarbeid mellom ein kommune og ein sosial "
                "entreprenør. Først ein kort pitch, deretter ein tekst på om lag éi side.",
                "introduction_en": "Share an example of a collaboration between a municipality and "
                "a social entrepreneur. First a short pitch, then a text of about one page.",
                "pitch_deadline": pitch_deadline,
                "writeup_deadline": pitch_deadline + dt.timedelta(days=6),
            },
        )
        if not created and call.writeup_deadline < timezone.now():
            call.pitch_deadline = pitch_deadline
            call.writeup_deadline = pitch_deadline + dt.timedelta(days=6)
            call.save()
        services.add_default_questions(call)
        return call

    def _themes(self):
        for position, (slug, name, name_nn, name_en, intro, intro_en) in enumerate(THEMES, 1):
            Theme.objects.get_or_create(
                slug=slug,
                defaults={
                    "name": name,
                    "name_nn": name_nn,
                    "name_en": name_en,
                    "introduction": intro,
                    "introduction_en": intro_en,
                    "position": position,
                },
            )

    @transaction.atomic
    def _example(
        self, call, editor, title, summary, form, numbers, enterprise, state, themes, started_year
    ) -> int:
        if Submission.objects.filter(call=call, title=title).exists():
            return 0
        slug = _ascii_word(enterprise.split()[0])
        submission = services.create_pitch(
            call,
            fields={
                "title": title,
                "summary": summary,
                "collaboration_form": form,
                "collaboration_form_other": "Nabolagsdugnad" if form == "other" else "",
                "started_year": started_year,
                "submitter_name": "Kari Eksempel",
                "submitter_email": f"kari.{slug}@{EMAIL_DOMAIN}",
            },
            municipalities=Municipality.objects.filter(number__in=numbers),
            enterprises=[{"name": enterprise, "org_number": "", "website": ""}],
            contacts={
                Person.Side.MUNICIPALITY: _contact("Ola Kommunesen", "Rådgiver", f"ola.{slug}"),
                Person.Side.ENTERPRISE: _contact("Kari Eksempel", "Daglig leder", f"kari.{slug}"),
            },
            submitter_consents=dict.fromkeys(ConsentPurpose.values, True),
            language="nb",
        )
        # Tagged before it moves on, as editors do, so it is published with its themes.
        by_slug = Theme.objects.in_bulk(themes, field_name="slug")
        main_theme, *further = (by_slug[slug] for slug in themes)
        submission.main_theme = main_theme
        submission.save(update_fields=["main_theme"])
        submission.themes.set(further)
        self._advance(submission, editor, state)
        return 1

    def _advance(self, submission, editor, state):
        if state == State.PITCH_RECEIVED:
            return
        if state == State.WITHDRAWN:
            transition(submission, State.WITHDRAWN)
            return
        if state != State.REJECTED:
            questions = submission.call.questions.all()
            services.save_writeup(
                submission,
                answers={q.pk: _demo_answer(q.text) for q in questions},
                fields={"link": "https://www.example.no/"},
                submit=True,
            )
        for target in EDITOR_PATHS.get(state, []):
            transition(submission, target, by=editor, comment="Demo")
        if state == State.PUBLISHED:
            for person in submission.people.filter(is_submitter=False):
                services.answer_invitation(
                    person,
                    participates=True,
                    consents=dict.fromkeys(ConsentPurpose.values, True),
                    language="nb",
                )


def _demo_answer(question: str) -> str:
    # A little Markdown, so the demo shows how submitters' formatting is published.
    return (
        f"Fiktivt svar på «{question}» i demoeksemplet.\n\n"
        "Det viser **uthevet tekst** og en liste:\n\n"
        "- første punkt\n- andre punkt"
    )


# E-mail addresses take ASCII local parts only (Django's EmailValidator refuses
# "kari.gründerskolen@..."), so Norwegian letters are spelt out and other accents dropped.
NORWEGIAN_LETTERS = str.maketrans({"æ": "ae", "ø": "o", "å": "a"})


def _ascii_word(word: str) -> str:
    spelt_out = word.lower().translate(NORWEGIAN_LETTERS)
    return unicodedata.normalize("NFKD", spelt_out).encode("ascii", "ignore").decode()


def _contact(name, role, local_part):
    return {
        "name": name,
        "role": role,
        "email": f"{local_part}@{EMAIL_DOMAIN}",
        "phone": "+47 400 00 000",
    }


def _end_of_day(day):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(23, 59)))
