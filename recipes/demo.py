"""Demo recipes for `seed_demo`: the four forms of collaboration of the 2017 publication
(pilot agreement, joint review, subscription below the procurement threshold, operating
agreement), mapped to the site's forms. Short, plausible and not legal advice."""

from recipes import services
from recipes.models import Recipe

DEMO_RECIPES = [
    {
        "collaboration_form": "pilot",
        "slug": "pilotavtale",
        "title": "Pilotavtale",
        "title_nn": "Pilotavtale",
        "title_en": "Pilot agreement",
        "when_it_fits": "Når kommunen vil prøve en ny tjeneste i liten skala før den "
        "bestemmer seg, og virksomheten trenger en første kunde for å vise at den virker.",
        "steps": "1. Beskriv behovet og hva piloten skal vise.\n"
        "2. Avtal varighet, pris og hvordan dere måler resultatene.\n"
        "3. Evaluer sammen før piloten slutter, og avgjør hva som skjer etterpå.",
        "rules": "En pilot er også et innkjøp: over **terskelverdien** må den konkurranseutsettes. "
        "Skriv ned at piloten ikke gir rett til en senere kontrakt.",
        "pitfalls": "- Piloten blir permanent uten at noen har bestemt det.\n"
        "- Ingen har avtalt hva som skal måles, så ingen vet om den virket.",
        "when_it_fits_en": "When the municipality wants to try a new service on a small scale "
        "first, and the enterprise needs a first customer to show that it works.",
    },
    {
        "collaboration_form": "joint_development",
        "slug": "felles-gjennomgang",
        "title": "Felles gjennomgang",
        "title_nn": "Felles gjennomgang",
        "title_en": "Joint review",
        "when_it_fits": "Når behovet er klart, men løsningen ikke er det: kommunen og "
        "virksomheten går gjennom tjenesten sammen med brukerne.",
        "steps": "1. Inviter brukere, ansatte og virksomheten til en felles gjennomgang.\n"
        "2. Kartlegg hva som fungerer og hva som mangler.\n"
        "3. Bli enige om hvem som gjør hva videre, og hvordan det eventuelt skal kjøpes.",
        "rules": "Dialog før et innkjøp er lov, men alle leverandører må få samme informasjon "
        "hvis gjennomgangen ender i en konkurranse.",
        "pitfalls": "- Virksomheten gjør mye gratis arbeid uten å vite om det blir et oppdrag.",
    },
    {
        "collaboration_form": "below_threshold",
        "slug": "abonnement-under-terskelverdi",
        "title": "Abonnement under terskelverdien",
        "title_nn": "Abonnement under terskelverdien",
        "title_en": "Subscription below the procurement threshold",
        "when_it_fits": "Når tjenesten er liten nok til at den samlede verdien holder seg under "
        "terskelverdien for kunngjøring, og kommunen vil kjøpe den løpende.",
        "steps": "1. Regn ut den samlede verdien for hele avtaleperioden.\n"
        "2. Innhent tilbud, gjerne fra flere.\n"
        "3. Skriv en enkel avtale med pris per måned og oppsigelsestid.",
        "rules": "Terskelverdien gjelder hele kontraktens verdi, ikke ett år om gangen. "
        "Kjøpet skal dokumenteres, og det er ikke lov å dele opp et kjøp for å komme under.",
        "pitfalls": "- Abonnementet fornyes år etter år til verdien passerer terskelverdien.",
    },
    {
        "collaboration_form": "operating_agreement",
        "slug": "driftsavtale",
        "title": "Driftsavtale",
        "title_nn": "Driftsavtale",
        "title_en": "Operating agreement",
        "when_it_fits": "Når en tjeneste har vist at den virker, og kommunen vil at "
        "virksomheten skal drive den fast.",
        "steps": "1. Beskriv tjenesten, kvaliteten og hvordan den følges opp.\n"
        "2. Velg anskaffelsesprosedyre etter verdien.\n"
        "3. Avtal rapportering og møter gjennom hele avtaleperioden.",
        "rules": "Over terskelverdien må driften lyses ut. Reserverte kontrakter kan brukes for "
        "virksomheter som integrerer personer med nedsatt funksjonsevne eller vanskeligstilte.",
        "pitfalls": "- Kravene i utlysningen er så store at bare de største leverandørene kan by.",
    },
]


def seed_recipes(*, by) -> int:
    """The demo recipes, published, unless a recipe for the form exists; how many were made."""
    made = 0
    for fields in DEMO_RECIPES:
        if Recipe.objects.filter(collaboration_form=fields["collaboration_form"]).exists():
            continue
        services.save_recipe(Recipe(published=True, **fields), by=by)
        made += 1
    return made
