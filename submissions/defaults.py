"""The six guiding questions of the original call "Veier til nye samarbeid", in three languages.

They are data that editors can change per call; these are what a new call starts with.
"""

DEFAULT_QUESTIONS = [
    {
        "text": "Hva var ideen, behovet eller problemet?",
        "text_nn": "Kva var ideen, behovet eller problemet?",
        "text_en": "What was the idea, need or problem?",
    },
    {
        "text": "Hva skjedde?",
        "text_nn": "Kva skjedde?",
        "text_en": "What happened?",
        "help_text": "Hvor kom ideene fra, hvem tok kontakt med hvem, hvordan ble samarbeidet "
        "forankret og formalisert?",
        "help_text_nn": "Kvar kom ideane frå, kven tok kontakt med kven, korleis vart samarbeidet "
        "forankra og formalisert?",
        "help_text_en": "Where did the ideas come from, who contacted whom, how was the "
        "collaboration anchored and formalised?",
    },
    {
        "text": "Hva var suksesskriteriene, og hva bidro kommunen med?",
        "text_nn": "Kva var suksesskriteria, og kva bidrog kommunen med?",
        "text_en": "What were the success criteria, and what did the municipality contribute?",
    },
    {
        "text": "Hvilke barrierer møtte dere?",
        "text_nn": "Kva barrierar møtte de?",
        "text_en": "What barriers did you meet?",
    },
    {
        "text": "Hva gjorde kommunen som hjalp mest?",
        "text_nn": "Kva gjorde kommunen som hjelpte mest?",
        "text_en": "What did the municipality do that helped most?",
    },
    {
        "text": "Hva er den viktigste lærdommen for andre?",
        "text_nn": "Kva er den viktigaste lærdomen for andre?",
        "text_en": "What is the most important lesson for others?",
        # Its answer is the book's pull quote (GuidingQuestion.Role.LESSON).
        "role": "lesson",
    },
]
