"""The clearly fictional publisher a new installation starts with (the data migration copies
these values), and what `publisher.current()` shows while no row exists."""

FICTIONAL = {
    "name": "Eksempeldirektoratet for samarbeid",
    "name_nn": "Eksempeldirektoratet for samarbeid",
    "name_en": "The Example Directorate for Collaboration",
    "short_name": "EDS",
    "service_name": "Veier til nye samarbeid",
    "service_name_nn": "Vegar til nye samarbeid",
    "service_name_en": "Veier til nye samarbeid",
    "contact_email": "postmottak@eksempeldirektoratet.example",
    "postal_address": "Postboks 0000 Eksempel\n0000 Oslo",
    "dpo_contact": "Personvernombudet, personvernombud@eksempeldirektoratet.example",
    "processors": "Hosting: Eksempel Sky AS\nE-mail: Eksempel Post AS",
}

FICTIONAL_PARTNERS = [
    {
        "name": "Eksempelpartner AS",
        "role": "redigerer eksemplene",
        "role_nn": "redigerer døma",
        "role_en": "edits the examples",
        "order": 0,
    },
]
