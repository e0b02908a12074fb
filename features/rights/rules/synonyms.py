"""The words people use for each right, as data: what the matcher looks for in a question
(`features.rights.rules.matching`), so anyone can see why it picked a topic, and add a
word without touching the code.

How a synonym is read (the matcher folds both sides: lower case, no accents, no
punctuation, so write å, ä, ö as usual):

- Several words are a phrase: they must come in this order, with at most two other
  words between two of them ("vad har ni om mig" takes "vad har ni sparat om mig").
- `word*` takes any word that begins so: "radera*" takes "raderas", "raderade".
- A word of six letters or more takes small typos by itself (one letter wrong, missing,
  extra or two swapped; two from ten letters on): "registerutdarg", "raderra".
- `=word` takes no typos: for words a typo away from an everyday word
  ("spärra" / "spara", "invända" / "invandra").
- `!word` is compared with its accents kept, and without typos: where folding the
  accents would make it another word ("ändra" / "andra" = others).

STRONG words name a right by themselves. WEAK words only hint at it: alone they are
not enough, together with another hint or with CONTEXT (words that show the question
is about someone's personal data) they are. A question with any of OFF_TOPIC is
about something else (an incident, the register of processing activities, protected
identity, public documents): the matcher then says "not sure" whatever else it finds,
because a wrong right is worse than asking the DSO.
"""

from __future__ import annotations

from dataclasses import dataclass

from features.rights.rules.topics import Topic


@dataclass(frozen=True)
class Words:
    sv: tuple[str, ...] = ()
    en: tuple[str, ...] = ()

    def all(self) -> tuple[str, ...]:
        return self.sv + self.en


def _each(verbs: tuple[str, ...], objects: tuple[str, ...]) -> tuple[str, ...]:
    """Every "verb object" phrase: "ta bort" × "mina" → "ta bort mina"."""
    return tuple(f"{v} {o}" for v in verbs for o in objects)


# Whose data: "ta bort mina", "flytta hans", "tillgång till deras".
_SV_WHOSE = ("mina", "min", "mitt", "mig", "sina", "hans", "hennes", "deras", "allt", "alla",
             "uppgift*", "personuppgift*")
_EN_WHOSE = ("my", "his", "her", "their", "all")

STRONG: dict[Topic, Words] = {
    Topic.INFORMATION: Words(
        sv=("rätt till information", "rätten till information", "rätt att få information",
            "integritetspolicy*", "integritetsmeddelande*", "dataskyddsinformation*",
            "personuppgiftspolicy*", "informationsplikt*", "informationsskyldighet*",
            "informationstext*", "information om behandlingen", "informera om behandlingen",
            "när vi samlar in", "när ni samlar in",
            *_each(("informera",), ("honom", "henne", "dem", "personen", "den registrerade",
                                    "de registrerade", "den enskilde", "vårdnadshavar*")),
            "artikel 13", "artikel 14", "art 13", "art 14"),
        en=("right to be informed", "right to information", "privacy notice*",
            "privacy policy", "privacy statement", "data protection notice",
            "privacy information", "inform the data subject*", "inform people", "inform them",
            "when we collect", "article 13", "article 14"),
    ),
    Topic.ACCESS: Words(
        sv=("registerutdrag*", "rätt till tillgång", "rätten till tillgång",
            *_each(("tillgång till",), ("mina", "sina", "hans", "hennes", "deras")),
            "utdrag om mig", "utdrag på mina", "utdrag av mina", "utdrag med mina",
            *_each(("ut",), ("mina uppgift*", "sina uppgift*", "alla uppgift*",
                             "mina personuppgift*", "sina personuppgift*",
                             "alla personuppgift*")),
            "uppgift* ni har om", "vad har ni om mig", "vad vet ni om mig",
            "vilka uppgifter har ni", "vilka personuppgifter har ni", "vad har ni sparat",
            *_each(("sparat om", "sparade om", "registrerat om", "vet om"),
                   ("mig", "honom", "henne", "dem")),
            "kopia uppgift*", "kopia personuppgift*", "kopia på allt",
            *_each(("se", "läsa", "ta del av"), ("min akt", "sin akt", "mina uppgift*",
                                                 "sina uppgift*", "mina personuppgift*",
                                                 "sina personuppgift*")),
            "artikel 15", "art 15"),
        en=("subject access*", "dsar", "=sar", "right of access", "right to access",
            "access request*", *_each(("copy of",), (*_EN_WHOSE, "the data", "the personal")),
            *_each(("hold* about", "hold* on", "have about", "have on", "know about"),
                   ("me", "him", "her", "them")),
            "what data do you have", "what information do you have", "see my data",
            *_each(("access to",), ("my", "his", "her", "their")), "access my data",
            "article 15"),
    ),
    Topic.RECTIFICATION: Words(
        sv=("rättelse*", "rätt till rättelse", "korrigera*",
            *_each(("=rätta", "=rättar"), ("mina", "min", "mitt", "sina", "hans", "hennes",
                                           "deras", "uppgift*", "personuppgift*")),
            "uppgift* =rätta*",
            "fel uppgift*", "fel personuppgift*", "felaktig* uppgift*",
            "felaktig* personuppgift*", "uppgift* är fel", "uppgift* stämmer inte",
            *_each(("fel", "felaktig*"), ("adress", "namn", "efternamn", "personnummer",
                                          "telefonnummer", "folkbokföringsadress")),
            *_each(("adress*", "namn*", "efternamn*", "personnummer*", "födelsedatum*",
                    "telefonnummer*"), ("är fel", "är felaktig*", "stämmer inte")),
            "felstava*", "felskriv*", "felregistrera*",
            # the data, not "mina" alone: "uppdatera mina kontaktuppgifter i Teams" is IT
            *_each(("!ändra", "uppdatera", "komplettera"), ("uppgift*", "personuppgift*",
                                                         "adress*", "namn*")),
            "artikel 16", "art 16"),
        en=("rectification", "rectify*", "correct my", "correct his", "correct her",
            "correct their", "correct the data", "correct data", "incorrect data",
            "incorrect information", "inaccurate*", "wrong data", "wrong information",
            "wrong address", "wrong name",
            *_each(("address", "name", "birth", "data", "details", "information", "record*"),
                   ("is wrong", "are wrong", "is incorrect", "are incorrect")),
            "misspel*", "update my details", "update my data", "article 16"),
    ),
    Topic.ERASURE: Words(
        sv=("radera*", "radering*", "rätt till radering", "bortglömd", "glömmas bort",
            *_each(("ta bort", "tar bort", "tas bort"), (*_SV_WHOSE, "bild*", "foto*")),
            "makulera*",
            *_each(("uppgift*", "personuppgift*", "journal*", "anteckning*", "ansökan*", "bild*",
                    "foto*"), ("tas bort", "tagits bort", "raderas")),
            "utplåna*", "artikel 17", "art 17"),
        en=("erasure", "erase*", "delete*", "deletion", "right to be forgotten", "be forgotten",
            *_each(("remove",), (*_EN_WHOSE, "me")), "wipe*", "article 17"),
    ),
    Topic.RESTRICTION: Words(
        sv=("begränsning*", "rätt till begränsning", "begränsad behandling",
            *_each(("begränsa", "begränsar", "begränsas"), ("behandling*", "användning*")),
            "=spärra", "=spärras", "=spärrar", "frysa mina", "frysa uppgift*",
            "pausa behandling*", "medan vi utreder", "medan vi kontrollerar",
            "medan vi undersöker", "artikel 18", "art 18"),
        en=("restriction*", "right to restrict", "restrict the processing",
            "restrict processing", "restrict the use", "restrict my", "restrict his",
            "restrict her", "restrict their", "freeze my data", "block my data",
            "limit the processing", "limit processing", "while we check", "while we verify",
            "while we investigate", "article 18"),
    ),
    Topic.OBJECTION: Words(
        # Objecting to a processing, not to a decision or a plan ("invändningar mot
        # detaljplanen", "motsätter sig beslutet" are another matter).
        sv=("rätt att invända", "rätten att invända", "invändningsrätt*",
            *_each(("invändning*", "=invända", "=invänder", "=invänt", "motsätter mig",
                    "motsätter sig", "motsätta sig", "motsatt sig"),
                   ("att", "behandling*", "användning*")),
            "direktmarknadsföring*",
            *_each(("sluta", "slutar", "slippa", "vill inte ha", "vill inte få"),
                   ("reklam*", "marknadsföring*", "nyhetsbrev*", "utskick*")),
            "vill inte att ni behandlar", "vill inte att ni använder",
            "vill inte att vi behandlar", "vill inte att vi använder",
            *_each(("sluta", "slutar"), ("behandla", "använda")),
            "protesterar mot", "artikel 21", "art 21"),
        en=("objection*", "object to", "objects to", "objected to", "objecting to",
            "i object", "right to object", "opt out", "direct marketing",
            "stop processing", "stop using", "want you to stop", "article 21"),
    ),
    Topic.PORTABILITY: Words(
        sv=("dataportabilitet*", "portabilitet*", "portabel",
            # the data, not "mina" alone: "exportera mina ärenden" is the bot's own list
            *_each(("flytta", "flyttar", "överföra", "föra över", "exportera"),
                   ("uppgift*", "personuppgift*")),
            *_each(("ta med",), ("mina uppgift*", "sina uppgift*")),
            "flytta dem till", "maskinläsbar*",
            *_each(("till en annan",), ("kommun", "myndighet", "region", "vårdgivare",
                                        "leverantör", "skola", "arbetsgivare")),
            "artikel 20", "art 20"),
        en=("portability", "portable",
            *_each(("move", "transfer", "port", "export", "take"),
                   ("my data", "his data", "her data", "their data")),
            "machine readable", "to another provider", "to another authority",
            "to another municipality", "article 20"),
    ),
    Topic.AUTOMATED: Words(
        sv=("automatisk* beslut*", "automatiser* beslut*", "beslut* automatisk*",
            "beslut* automatiser*", "automatbeslut*",
            "robotbeslut*", "beslutsrobot*", "profilering*",  # "profilera" alone: weak
            *_each(("profilera", "profilerar"), ("elever", "invånare", "personer", "användare",
                                                 "sökande", "patienter", "brukare", "kunder")),
            "av en dator", "av datorn", "av ett datorsystem", "datorn bestämt*",
            "algoritm*", "manuell prövning", "mänsklig prövning", "mänsklig bedömning",
            "utan mänsklig", "artikel 22", "art 22"),
        en=("automated decision*", "automatic decision*", "automated individual decision*",
            "decided automatically", "automatically decided", "decision* automatically",
            "decided by a computer", "by a computer", "computer decided", "by an algorithm",
            "algorithm*", "profiling", "solely automated", "human review",
            "human intervention", "without a human", "article 22"),
    ),
    Topic.REQUEST: Words(
        sv=("gdpr begäran*", "gdpr ärende*", "begär* enligt gdpr",
            "begär* enligt dataskydd*", "rättighetsbegäran*", "begäran från en registrerad",
            "begäran från den registrerade", "begäran från registrerad*",
            "registrerades rättigheter", "registrera begäran", "registrera en begäran",
            "logga begäran", "logga en begäran", "svara på en begäran", "svara på begäran",
            *_each(("förlänga",), ("tiden", "tidsfristen", "fristen", "svarstiden")),
            "artikel 12", "art 12"),
        en=("gdpr request*", "data subject request*", "rights request*", "request under gdpr",
            "request under the gdpr", "data protection request*", "respond to a request",
            "answer a request", "reply to a request", "how long do we have",
            "extend the deadline", "log the request", "log a request", "article 12"),
    ),
}

WEAK: dict[Topic, Words] = {
    Topic.INFORMATION: Words(
        sv=("informera*", "samla* in", "samlat in"),
        en=("inform", "informed", "informing", "collect*", "tell people"),
    ),
    Topic.ACCESS: Words(
        sv=("kopi*", "utdrag", "få ut", "ha ut", "sparat", "tillgång", "vill veta",
            "vilka personuppgift*"),
        en=("copy", "access", "what data", "hold about"),
    ),
    Topic.RECTIFICATION: Words(
        sv=("=rätta*", "fel", "felaktig*", "stämmer inte", "!ändra*", "uppdatera*",
            "ofullständig*", "inaktuell*"),
        en=("wrong", "incorrect", "incomplete", "correct*", "update*", "change*"),
    ),
    Topic.ERASURE: Words(
        sv=("ta bort", "tar bort", "tas bort", "gallr*"),
        en=("remove*", "forget*"),
    ),
    Topic.RESTRICTION: Words(
        sv=("begränsa*", "frysa", "pausa", "bestrider*", "under tiden"),
        en=("restrict*", "limit*", "freeze", "pause", "contest*", "meanwhile"),
    ),
    Topic.OBJECTION: Words(
        sv=("marknadsföring*", "reklam", "reklamen", "nyhetsbrev*", "vill inte att"),
        en=("object", "marketing", "newsletter*", "unsubscribe"),
    ),
    Topic.PORTABILITY: Words(
        sv=("=flytta", "överföra", "exportera"),  # "flyttat": moved house
        en=("move", "transfer*", "export*", "download*"),
    ),
    Topic.AUTOMATED: Words(
        sv=("profilera*", "automatisk*", "automatiser*", "robot*", "dator*", "människa",
            "mänsklig*", "manuell*"),
        en=("automat*", "computer", "profile*", "human"),
    ),
    Topic.REQUEST: Words(
        sv=("begäran om", "begäran*", "hur lång tid", "tidsfrist*", "svarstid*", "en månad",
            "förlänga"),
        en=("request*", "deadline*", "time limit", "how long", "one month"),
    ),
}

# The question is about someone's personal data: a weak hint then suffices.
CONTEXT = Words(
    sv=("gdpr", "dataskydd*", "personuppgift*", "om mig", "om honom", "om henne", "om dem",
        "om sig", "mina uppgifter", "sina uppgifter", "hans uppgifter", "hennes uppgifter",
        "deras uppgifter", "invånare*", "kommuninvånare*", "medborgare*", "den registrerade",
        "de registrerade", "vårdnadshavare*"),
    en=("gdpr", "personal data", "data protection", "about me", "about him", "about her",
        "about them", "my data", "my details", "his data", "her data", "their data",
        "resident*", "citizen*", "data subject*"),
)

# Another matter than a data subject's right: the answer is "not sure, ask the DSO"
# (or the capability the matter belongs to), never a right.
OFF_TOPIC = Words(
    sv=(
        # a personal-data incident
        "incident*", "personuppgiftsincident*", "tillbud*", "fel person", "fel mottagare",
        "skicka* till fel", "mejla* till fel", "av misstag", "=råkade", "=råkat", "tappa*",
        "borttappa*", "stulen", "stulits", "stöld*", "=läckt", "=läcka", "=läckte",
        "läckage", "=hackad*", "=hackare", "intrång*", "obehörig*", "nätfiske", "phishing",
        "ransomware", "utpressningsvirus", "anmäl* till imy", "anmäla imy", "72 timmar",
        # the register of processing activities, access control, transfers
        "behandlingsregist*", "registerpost*", "i registret", "behörighet*", "tredje land",
        "tredjeland*",
        # protected identity (Skatteverket's matter, not Art. 18)
        "skyddad identitet", "skyddade personuppgifter", "sekretessmarkering*",
        "spärrmarkering*", "=spärrad", "=spärrade",
        # public documents (the principle of public access, not Art. 15)
        "ut allmän* handling*", "utlämnande av allmän*", "offentlighetsprincip*",
        "=journalist*",  # without typos: "journalanteckningar" are health records
        # the bot's own drafts, reports and cases, and other IT
        "utkast*", "min rapport", "mina ärenden", "i teams", "lösenord*",
    ),
    en=("incident*", "breach*", "wrong person", "wrong recipient", "sent to the wrong",
        "by mistake", "accidentally", "lost", "stolen", "leak*", "=hacked", "=hacker*",
        "unauthori*", "phishing", "ransomware", "report to imy", "notify imy", "72 hours",
        "processing activit*", "register of processing", "record of processing",
        "third countr*", "protected identity", "freedom of information", "public document*",
        "=journalist*", "draft*", "my report", "my cases", "in teams",
        "password*"),
)

# For `looks_like_rights_question`: words that speak of a person's rights or data
# clearly enough to hand a message to the rights explainer even when no topic is sure.
RIGHTS_TALK = Words(
    sv=("gdpr begäran*", "rättighetsbegäran*", "mina rättigheter", "sina rättigheter",
        "registrerades rättigheter", "personuppgifter om mig", "uppgifter om mig",
        "mina personuppgifter", "sina personuppgifter"),
    en=("gdpr request*", "my rights", "data subject rights", "data subject request*",
        "my personal data", "my data", "data about me", "information about me"),
)
# "mina uppgifter" is also "my tasks": it counts only when the message speaks to the
# organisation ("vad gör ni med mina uppgifter"), not in "vilka är mina uppgifter idag".
RIGHTS_TALK_ADDRESSED = Words(sv=("mina uppgift*",))
ADDRESSEE = Words(
    sv=("ni", "er", "era", "ert", "kommunen", "regionen", "myndigheten", "förvaltningen"),
)
