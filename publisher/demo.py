"""Demo publishers for `seed_demo --publisher`: a clearly fictional one, or the historical one of
the original call (the only place outside migrations where a ministry is named)."""

from publisher import services
from publisher.accessor import current
from publisher.defaults import FICTIONAL, FICTIONAL_PARTNERS

HISTORICAL = {
    "name": "Kommunal- og moderniseringsdepartementet",
    "name_nn": "Kommunal- og moderniseringsdepartementet",
    "name_en": "The Ministry of Local Government and Modernisation",
    "short_name": "KMD",
    "service_name": "Veier til nye samarbeid",
    "service_name_nn": "Vegar til nye samarbeid",
    "service_name_en": "Veier til nye samarbeid",
    "contact_email": "postmottak@kmd.example",
    "postal_address": "Postboks 8112 Dep\n0032 Oslo",
    "dpo_contact": "Personvernombudet i departementet, personvernombud@kmd.example",
    "processors": "Hosting: Eksempel Sky AS\nE-mail: Eksempel Post AS",
}
HISTORICAL_PARTNERS = [
    {
        "name": "In Good Company",
        "role": "redigerer eksemplene sammen med departementet",
        "role_nn": "redigerer døma saman med departementet",
        "role_en": "edits the examples with the ministry",
        "order": 0,
    },
]

DEMOS = {
    "fictional": (FICTIONAL, FICTIONAL_PARTNERS),
    "historical": (HISTORICAL, HISTORICAL_PARTNERS),
}


def apply_demo(kind: str):
    """Make the publisher the demo `kind` ("fictional" or "historical"); returns it."""
    values, partners = DEMOS[kind]
    publisher = current()
    for field, value in values.items():
        setattr(publisher, field, value)
    services.configure_publisher(publisher, partners=partners)
    return current()
