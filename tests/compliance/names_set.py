"""A labelled set for the name guard: sentences as staff at a Swedish municipality write
them in an incident report or a question, Swedish mostly, some English.

`[[...]]` marks the exact span of a person's name; a sentence without marks names no
person. What counts as a person's name here:
- a first name with a surname ("Lisa Berg", "Anna-Karin Ek", "Per Olof Svensson",
  "Jan van der Berg"), including the Swedish genitive s ("Lisa Bergs");
- a surname after a title or a role ("fru [[Lindgren]]", "rektor [[Bergqvist]]") or a
  surname that can only be one ("[[Svensson]] på ekonomi"); the title is not part of it;
- English genitive 's is left outside the span ("[[Mark Thompson]]'s").
Out of scope, and so kept out of both halves: a first name on its own ("Lisa i 7B"), which
cannot be told from the many first names that are also words or places.
Places, schools and streets named after people ("Selma Lagerlöfskolan", "Olof Palmes
gata", "Karl Johans torg") are not personal data about anyone and count as no name.

`DEVELOPMENT` was written before the detector and used while tuning it; `HELD_OUT` was
written afterwards and never tuned on, so its figures show how the rules generalise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DEVELOPMENT_WITH_NAMES = [
    "Journalanteckning om [[Lisa Berg]] skickades till fel mottagare.",
    "[[Mats Eklund]] ringde och berättade att han fått en annan elevs betyg.",
    "Ett mejl med omdömen om [[Anna-Karin Ek]] skickades till hela klassens vårdnadshavare.",
    "Handlingarna gällande [[Per Olof Svensson]] låg kvar i kopiatorn på plan 3.",
    "Jag skickade av misstag [[Ahmed Hassans]] utredning till fel handläggare.",
    "Beslutet om försörjningsstöd för [[Fatima Ali]] skickades till en annan adress.",
    "Läkarintyget för [[Erik Johansson]] hamnade i fel pärm.",
    "Kollegan [[Sara Nyqvist]] hade lämnat datorn olåst i personalrummet.",
    "Eleven [[Tuva Lindkvist]] i 7B fick se en lista med andra elevers frånvaro.",
    "Vi har fått en begäran om registerutdrag från [[Ingemar Sjöberg]].",
    "[[Omar Haddad]] har begärt att få sina uppgifter raderade.",
    "Utskriften med [[Maj-Britt Lundgrens]] vårdplan hittades i trapphuset.",
    "Rektor [[Bergqvist]] skickade elevhälsans anteckningar till fel lärare.",
    "Fru [[Lindgren]] ringde och sa att hon fått någon annans faktura.",
    "En pärm med uppgifter om [[Karin Ek]], [[Nils Hägg]] och [[Ulla Sjöberg]] saknas sedan i "
    "fredags.",
    "Brevet till [[Dragana Petrović]] innehöll även uppgifter om en annan brukare.",
    "[[Eva-Lena Nordin]] upptäckte att behörigheterna i Treserva var för vida.",
    "Socialsekreteraren [[Jonas Fagerlid]] mejlade utredningen till sin privata adress.",
    "[[Lars-Göran Persson]] på IT-enheten stängde av kontot.",
    "Anteckningen om [[Mehmet Yilmaz]] syntes för alla i Teams-kanalen.",
    "[[Jan van der Berg]] fick ett brev som var adresserat till en annan patient.",
    "En kopia av [[Sofia von Essens]] ansökan skickades till grannen.",
    "[[Clara af Ugglas]] har begärt rättelse av sin adress.",
    "Vårdnadshavaren till [[Alva Strand]] har fått fel schema skickat till sig.",
    "[[Ingrid Wahl]] och [[Göran Rask]] fick varandras lönebesked.",
    "Handläggaren skrev [[Tove Alms]] namn i ämnesraden till hela gruppen.",
    "[[Hanna Wiik]] upptäckte att hennes journal lästs av en obehörig.",
    "Dokumentet med [[Oskar Grahns]] LSS-beslut låg öppet på en gemensam server.",
    "[[Leo Rask]] i 4A fick en annan elevs åtgärdsprogram.",
    "Herr [[Nilsson]] kontaktade oss om att hans personnummer syntes på webben.",
    "[[Svensson]] på ekonomi skickade hela lönefilen till fel mottagare.",
    "Vi har fått klagomål från [[Elin Nyman]] om att hon fått andras uppgifter.",
    "[[Mikael Hedin]] tappade bort ett USB-minne med elevlistor.",
    "Ett sms om tid hos skolsköterskan skickades till [[Signe Holmbergs]] mamma i stället.",
    "Kuratorn [[Birgitta Ståhl]] hade anteckningar om elever i sin privata telefon.",
    "[[Abdirahman Warsame]] fick ett beslut som gällde en annan sökande.",
    "Mottagaren, [[Kristina Åberg]], meddelade oss att hon fått mejlet.",
    "Fakturan till [[Gunnar Lindh]] innehöll uppgifter om en annan kund.",
    "[[Emma Clarke]] lämnade sin dator på tåget från Uppsala.",
    "Listan med [[Vincent Olofsson]], [[Ebba Björk]] och [[Melvin Kaya]] skickades till fel "
    "klass.",
    "Enhetschefen [[Pernilla Hellström]] upptäckte att dörren till arkivet stått olåst.",
    "[[Stina Marklund]] ringde och frågade varför hennes ärende syntes i Procapita för andra.",
    "Jag vill veta vilka uppgifter vi har om [[Roger Falk]].",
    "Anhörig till [[Gun Bergström]] fick se hennes läkemedelslista.",
    "[[Sixten Bäckström]] och hans vårdnadshavare fick fel brev.",
    "En utskrift med [[Kjell-Åke Lindqvists]] adress låg kvar i skrivaren.",
    "Det var [[Rebecka Ahlgren]] som upptäckte felet i måndags.",
    "Undersköterskan [[Jelena Nikolić]] tog med sig en arbetslista hem.",
    "Vi skickade [[Yusuf Abdis]] betyg till en annan familj.",
    "[[Per Hansson]] anmälde att hans konto i Visma använts av någon annan.",
    "Mr [[Smith]] from the housing company received a list of tenants by mistake.",
    "The letter for [[John Peterson]] was sent to the wrong address.",
    "[[Mark Thompson]]'s medical record was opened by an unauthorised employee.",
    "Our colleague [[Emily Carter]] left printed case notes on the bus.",
    "Ms [[Patel]] asked for a copy of all personal data we hold about her.",
    "Dr [[Olsson]] sent the referral to the wrong clinic.",
    "An e-mail about [[Sarah O'Brien]] was forwarded to the whole team.",
    "[[David Nguyen]] reported that his salary slip was visible to others.",
    "[[Grace Miller]] found another pupil's grades in her child's school bag.",
    "[[Will Turner]] asked us to erase his account data.",
    "[[Karin Sundberg]] är kontaktperson för incidenten.",
    "I Teams-chatten nämndes [[Linnea Forsberg]] vid namn tillsammans med diagnosen.",
    "Enligt [[Anders Mattsson]] skickades mejlet 14.32.",
    "[[Josefin Blom]] har fått sin skyddade adress röjd i ett utskick.",
    "Brevet om [[Hjalmar Ekdahl]] skickades till hans gamla adress trots skyddad identitet.",
    "Beslutet om bistånd till [[Maria Kowalska]] delades av misstag i en extern kanal.",
    "[[Ali Reza Mohammadi]] fick se en annan patients provsvar i 1177.",
    "Vi glömde att maskera [[Sven-Erik Holms]] personnummer i protokollet.",
    "Familjen [[Karlsson]] fick ett brev om en annan familjs placering.",
    "Läraren [[Åsa Lundin]] lade ut elevernas omdömen i fel Teams-kanal.",
    "[[Linus Öberg]] har begärt ut logglistor för sin journal.",
    "Samtalet med [[Helena Dahl]] spelades in utan att hon informerades.",
    "[[Elias Mahmoud]] fick en kallelse som gällde en annan elev.",
    "Inkorgen hos [[Bo Ekström]] vidarebefordrade alla mejl till en privat adress.",
    "[[Hans Blom]] på fastighet hittade en pärm med personakter i soprummet.",
    "[[Liv Strömberg]] ringde om en felaktig journalanteckning.",
    "[[Pia Lindén]] skickade schemat med elevernas diagnoser till alla föräldrar.",
    "Vi fick ett brev från advokat [[Tomas Ekholm]] som företräder en brukare.",
    "[[Kent Åkesson]] meddelade att han fått en annans lönespecifikation.",
    "[[Ronja Eriksdotter]] fick ett brev som gällde en annan person.",
    "Uppgifterna om [[Noah Gustafsson]] lämnades ut till fel socialtjänst.",
    "[[Astrid Wennerholm]] hade inte loggat ut från Lifecare.",
    "[[Vera Nilsson]] i klass 2C fick med sig en annan elevs läkemedel hem.",
    "[[Folke Granath]] har anmält att hans uppgifter delats med en entreprenör.",
    "Jag pratade med [[Anneli Hult]] om vad som hänt.",
    "Ett foto där [[Wilma Sandberg]] syns publicerades på skolans Instagram.",
    "Anmälan gäller att [[Tobias Lindblad]] fick åtkomst till fel mapp i SharePoint.",
    "Patienten [[Göran Backman]] fick ett sms med en annan patients tid.",
    "[[Hampus Wikström]], [[Selma Öhman]] och [[Isak Rydberg]] nämndes i mejlet till hela "
    "personalgruppen.",
    "I protokollet står [[Margareta Engström]] som sökande trots sekretess.",
    "Kontaktpersonen [[Yvonne Lundqvist]] skickade journalkopior med vanlig post.",
    "[[Robin Sjölund]] upptäckte att skrivaren skrivit ut andras dokument.",
    "Det gäller eleven [[Nora Bäck]] som har skyddad identitet.",
    "[[Kalle Strand]] har fått tillgång till hela förvaltningens mapp.",
    "Vi vet inte om [[Ebbe Nordqvist]] har fått information om incidenten.",
    "Anteckningar om [[Olle Bengtsson]] och hans familj skickades till skolan.",
    "[[Julia Fransson]] har begärt att få veta vilka som läst hennes journal.",
    "Jag har skrivit till [[Dan Eliasson]] om att hans uppgifter visats för andra.",
    "[[Magnus Ohlsson]] on the IT helpdesk confirmed that the laptop was encrypted.",
    "Please check whether [[Lucy Harris]] was affected by the breach.",
    "[[Ahmad Rahimi]] and [[Zahra Ahmadi]] received each other's decisions.",
    "The reporter, [[Stephen Walker]], says the folder was shared publicly.",
    "[[Niamh Kelly]] from the school called about the photo.",
    "We sent [[Thomas Berg]]'s assessment to the wrong parent.",
    "[[Sigrid Malmberg]] hade fått sin diagnos omnämnd i ett mejl till hela arbetslaget.",
    "Enligt vårdnadshavaren har [[Felicia Rosén]] fått se andra barns omdömen.",
    "Överlämningen om [[Theo Lindholm]] skickades till fel förskola.",
    "[[Maria Magnusson]] på HR skickade fel lönelista.",
    "[[Kerstin Östlund]] är god man för brukaren och fick inte informationen.",
    "[[Birger Hammar]] anmälde att hans anställningsavtal låg på en öppen server.",
    "Vi tar bort [[Johanna Ceder]] ur sändlistan.",
    "Frågan gäller [[Nils-Erik Wallin]] som fick en annan brukares beslut.",
    "Brevet var adresserat till [[Ulf Segerström]] men innehöll uppgifter om hans granne.",
    "[[Amina Farah]] och hennes barn fick sin adress röjd i ett beslut.",
    "Vårdnadshavaren [[Khalid Osman]] har fått fel elevs närvarorapport.",
    "Remissen skrevs av dr [[Lena Sahlin]] och skickades till fel mottagning.",
    "[[Vilgot Engqvist]] har fått sitt namn publicerat på webben.",
    "[[Alexandra Hedlund]] fick en kallelse till fel tid.",
    "[[Majken Svärd]] ringde om sitt beslut om färdtjänst.",
    "Beslutet skickades till [[Nguyen Thi Lan]] i stället för till hennes dotter.",
    "[[Lindqvist]] på kansliet skickade protokollet innan det maskerats.",
]

DEVELOPMENT_WITHOUT_NAMES = [
    "Incidenten inträffade på Björkskolan i Göteborg.",
    "Eleven fick ett brev med fel schema.",
    "Mejlet skickades till alla vårdnadshavare i årskurs 6.",
    "Vård- och omsorgsförvaltningen använder Treserva för dokumentation.",
    "Kommunstyrelsen beslutade om en ny rutin för utskick i maj.",
    "Region Stockholm meddelade att journalsystemet var nere.",
    "Microsoft Teams-kanalen var öppen för alla anställda.",
    "Dokumentet låg i Office 365 och delades med en extern adress.",
    "Procapita visade fel klient efter uppdateringen.",
    "Brevet skickades till Storgatan 5 i stället för Storgatan 15.",
    "Datorn glömdes på tåget mellan Karlstad och Stockholm.",
    "Händelsen upptäcktes på måndagen och rapporterades på tisdagen.",
    "Måndag morgon upptäckte vi att mappen var delad.",
    "Mötet hölls vid Sankt Eriksplan i lokalen på andra våningen.",
    "Socialtjänsten i Västra Götaland skickade en akt till fel kommun.",
    "Selma Lagerlöfskolan fick ett mejl med betyg från en annan skola.",
    "Utskicket gällde elever på Anna Whitlocks gymnasium.",
    "Paketet levererades till Olof Palmes gata i stället för till kontoret.",
    "Vårdnadshavaren ringde till expeditionen och berättade om felet.",
    "Enhetschefen har informerats och dataskyddsombudet är kontaktat.",
    "IT-avdelningen spärrade kontot i Outlook direkt.",
    "Handläggaren på Försäkringskassan fick handlingen av misstag.",
    "Skatteverket har bekräftat att uppgifterna inte spridits vidare.",
    "Integritetsskyddsmyndigheten ska underrättas inom 72 timmar.",
    "I Lifecare kunde alla inom Hemtjänsten Norr se varandras brukare.",
    "Förskolan Ekorren publicerade bilder på Facebook utan samtycke.",
    "Äldreboendet Lindgården fick fel läkemedelslista från Apoteket.",
    "Barn- och utbildningsförvaltningen skickade betygen via Vklass.",
    "Rektorn på Kvarnbyskolan upptäckte felet i februari.",
    "Patienten fick se en annan patients provsvar i 1177.",
    "Kollegan hade skrivit ut hela listan och lagt den på skrivaren på Kungsholmen.",
    "Vi använder Unikum för elevdokumentation och Schoolsoft för närvaro.",
    "Bilen med journalerna stod olåst utanför Sahlgrenska.",
    "Utredningen skickades från Individ- och familjeomsorgen till fel mottagare.",
    "Servicecenter skickade lönebesked till fel adresser i juni.",
    "I SharePoint låg en lista med skyddade adresser öppen för alla.",
    "Personalen på LSS-boendet Solrosen diskuterade brukare i en öppen Messenger-grupp.",
    "Stadsbyggnadskontoret publicerade ett bygglov med personnummer.",
    "Incidenten rapporterades av Kultur- och fritidsförvaltningen.",
    "Filen skickades via WeTransfer till en okänd mottagare.",
    "Hyresgästerna på Drottninggatan fick varandras avier.",
    "Sveavägen 44 är adressen som angavs felaktigt.",
    "Det hände på Kungsgatan 12 utanför Systembolaget.",
    "Mottagaren arbetar på Migrationsverket i Norrköping.",
    "Socialsekreteraren glömde att logga ut från datorn i receptionen.",
    "Onsdag den 12 mars skickades fel brev.",
    "Lönecenter i Sundsvall hanterar utbetalningarna.",
    "Dokumentet skickades med CityMail och kom aldrig fram.",
    "Per telefon bekräftade mottagaren att brevet förstörts.",
    "Hans mamma ringde och frågade varför brevet kommit till dem.",
    "Överlämningen skedde vid Maria kyrka på Södermalm.",
    "Kontoret på Klara Norra kyrkogata fick fel post.",
    "Skolan ligger vid Karl Johans torg i centrala stan.",
    "Gustav Adolfs torg var avstängt så budet kunde inte leverera.",
    "Brevet skulle ha gått till Erik Dahlbergsgatan men hamnade på fel adress.",
    "Mottagningen på Katarina Bangata fick fel remiss.",
    "Sankt Görans sjukhus har bekräftat att de raderat mejlet.",
    "Mötet flyttades till Adolf Fredriks församlingshem.",
    "Eleverna på Carl Larsson-gården fick ett gemensamt mejl.",
    "Vi bokade rum vid Nils Ericson-terminalen för mötet.",
    "Uppdateringen av Office 365 gjordes i augusti.",
    "In May the Microsoft Teams channel was opened to external guests.",
    "The laptop was stolen at Stockholm Central Station on Friday.",
    "Our Data Protection Officer has been informed.",
    "The school in Uppsala sent the grades to the wrong parents.",
    "Will Microsoft Teams keep the chat history after the account is deleted?",
    "Mark the case as closed when the recipient has confirmed deletion.",
    "The incident happened on Monday, 3 June, at the Social Services office.",
    "Outlook suggested the wrong recipient when the address was typed.",
    "The Education Department uses Google Workspace for pupils.",
    "Everything was stored in OneDrive and shared with Everyone.",
    "A USB stick was lost somewhere between Malmö and Lund.",
    "The processor, Tieto Evry, told us about the breach on Tuesday.",
    "Leverantören Ericsson har bekräftat att loggarna raderats.",
    "Eleverna i Västerås fick fel inloggningsuppgifter till Skolon.",
    "Socialnämnden i Botkyrka fattade beslutet i december.",
    "Mejlet skickades från Gmail i stället för från kommunens e-post.",
    "Fel fil bifogades i Public 360 och diariefördes.",
    "Journalen i Cosmic var öppen för alla på vårdcentralen.",
    "Dokumentet skickades av misstag till Polisen i Örebro.",
    "Vi har inte fått svar från Arbetsförmedlingen.",
    "Kontrollen gjordes av Skolinspektionen i april.",
    "Eleven lämnade sin Chromebook på bussen till Lerum.",
    "Bussen från Kristianstad till Lund var försenad.",
    "Februari är den månad då flest utskick görs.",
    "Tisdagens möte med Dataskyddsombudet ställdes in.",
    "Enligt Dataskyddsförordningen ska incidenten dokumenteras.",
    "Offentlighets- och sekretesslagen gäller för handlingen.",
    "Alla på Miljöförvaltningen fick mejlet med bilagan.",
    "Midsommar och Valborg är perioder då bemanningen är låg.",
    "Skrivaren på våning 4 i Stadshuset skrev ut fel dokument.",
    "Vi hade en genomgång med IT-säkerhetssamordnaren i Teams.",
    "Felet upptäcktes vid den årliga kontrollen i Visma.",
    "Patientnämnden i Region Skåne har fått ett klagomål.",
    "Överförmyndarnämnden skickade ut årsräkningar till fel gode män.",
    "Nämndsekreteraren publicerade protokollet på hemsidan.",
    "Mappen heter Elevhälsa 2024 och ligger på G-disken.",
    "Kommunens växel kopplade samtalet till fel avdelning.",
    "Vårdcentralen Norrmalm har bytt journalsystem till TakeCare.",
    "Alla i arbetslaget Gul fick se dokumentet.",
    "Lärarna i Engelska och Svenska som andraspråk fick fel listor.",
    "Tekniska förvaltningen skickade fakturor till fel fastighetsägare på Hisingen.",
    "Ungdomsmottagningen i Täby fick fel patientlista.",
    "Skolskjutsen från Södertälje körde fel väg med elevlistan i bilen.",
    "Rapporten skickades till Kronofogden av misstag.",
    "Den gamla servern i Borås stängdes av på fredagen.",
    "Stockholms stad har en gemensam rutin för detta.",
    "Eleven i årskurs 9 på Vasaskolan fick se andras betyg.",
    "Vi informerade Skolverket enligt rutinen.",
    "Frågan gäller hur länge vi får spara loggar i Procapita.",
    "Det är oklart om Atea har tillgång till datorerna.",
    "Vaktmästaren på Lindholmen hittade papperen.",
    "Receptionen på Kungsbacka sjukhus fick samtalet.",
    "Vi har bytt från Skype till Teams för alla möten.",
    "Gäller det även handlingar i Platina och Ciceron?",
    "Kvinnojouren i Uddevalla fick fel adressuppgifter.",
    "Dokumentet skickades via Signal till fel grupp.",
    "Bilderna låg i en öppen mapp på Google Drive.",
    "Utbildningen om GDPR hölls i Aulan på Rådhuset.",
    "Hemtjänsten Öster hade inte låst nyckelskåpet.",
    "Under Almedalsveckan i Visby tappade en politiker sin mobil.",
    "Ärendet rör en kamera i Sankt Lars park i Lund.",
    "Per capita räknat är antalet incidenter lågt i Jämtland.",
    "Brevet skickades till Astrid Lindgrens skola i Vimmerby.",
    "Mötet hölls i Gustav Vasa kyrka efter begravningen.",
    "The Head of Unit and the Chief Information Security Officer were informed.",
    "The meeting was held near Victoria Station in London.",
    "Kontoret vid Drottning Kristinas väg fick fel leverans.",
]

HELD_OUT_WITH_NAMES = [
    "Anmälare: [[Therese Grönlund]], enhetschef på Hemtjänsten Syd.",
    "Uppgifterna rör [[Aleksandar Jovanović]] (född 1984) och hans dotter.",
    "Jag har pratat med handläggaren [[Ingrid Mäkinen]] som bekräftar att brevet kom fram.",
    "[[Ann-Christin Strid]] fick ett mejl med en annan elevs utvecklingssamtal.",
    "Kopian skickades till både [[Lennart Wester]] och [[Gunilla Hallberg]].",
    "Mottagare: [[Peter Nyström]]",
    "Sjuksköterskan [[Malin Söderholm]] glömde journalen i bilen.",
    "Den berörda är [[Alicia Moreno]], elev i åk 8.",
    "Enligt fru [[Håkansson]] kom brevet i förrgår.",
    "Hej! Jag heter [[Camilla Nordgren]] och jobbar på Löneservice.",
    "[[Tor Andersson]] hade lånat ut sitt kort till en kollega.",
    "Patienten [[Rut Lindahl]] fick fel provsvar.",
    "Handlingen lämnades ut till [[Agnes Petersén]] trots sekretessprövning.",
    "[[Oliver Kowalczyk]] fick se sin klasskamrats betyg.",
    "Mamman till [[Edvin Sjöqvist]] ringde och var upprörd.",
    "Vi har fått in en begäran från [[Abdullahi Jama]] om rättelse.",
    "[[Stig Lindholm]] på Servicecenter raderade fel konto.",
    "I kallelsen stod [[Elsa Hjort]], [[Tyra Ljung]] och [[Vilma Kron]] som deltagare.",
    "Dr. [[Weber]] at the clinic received the wrong referral.",
    "Our caseworker [[Rachel Green]] accidentally shared the spreadsheet.",
    "[[Peter van Dijk]] from the supplier had access to the folder.",
    "The e-mail about [[Olivia Bergström]] went to 40 recipients.",
    "[[Hussein Abdullah]] lämnade in en begäran om registerutdrag i receptionen.",
    "Ett brev till [[Lotta Hedberg]] innehöll också hennes grannes beslut.",
    "Kontakta gärna [[Jörgen Byström]] om ni behöver mer information.",
    "Vi misstänker att [[Björn Åström]] har vidarebefordrat mejlen.",
    "[[Gustaf af Klercker]] begärde att få sina uppgifter utlämnade.",
    "Läraren [[Lundberg]] lämnade klasslistan framme.",
    "Kollegan [[Strandberg]] såg att dörren stod öppen.",
    "Familjen [[Hosseini]] fick ett brev om fel elev.",
    "[[Marie-Louise Ekholm]] har skyddade personuppgifter.",
    "[[Jan-Olov Berglund]] i styrelsen fick ett mejl med bilagor om personal.",
    "Beslutet om [[Leila Karimi]] skickades till hennes före detta make.",
    "Vid mötet nämnde [[Thomas Lind]] en elevs diagnos inför alla.",
    "[[Elisabeth Norén]] var den som upptäckte att filen var delad.",
    "[[Kristoffer Bäckman]] och [[Sanna Lund]] fick tillgång till varandras löner.",
    "[[Mohammed Al-Amin]] fick ett beslut om en annan person.",
    "Personakten för [[Stella Rydén]] hittades i fel arkivskåp.",
    "Ett vittne, [[Oskar Lindell]], såg datorn i papperskorgen.",
    "The parent, [[Karen Holt]], complained that her son's data was shared.",
    "Mr and Mrs [[Jensen]] received the wrong letter.",
    "[[Pekka Virtanen]] har fått sin lönespecifikation skickad till en kollega.",
    "Socialsekreteraren hade skrivit [[Saga Holmqvists]] namn i ämnesraden.",
    "[[Ville Hietala]] på it-supporten återställde lösenordet åt fel person.",
    "Handledaren [[Anton Wiberg]] hade lånat ut sin inloggning.",
    "Det är [[Ylva Kronqvist]] som är kontaktperson hos leverantören.",
    "Uppgifter om [[Maja Sundqvist]] och [[Liam Ekberg]] syntes i skolans app.",
    "[[Sara Ibrahim]] på Medborgarkontoret fick ett samtal om incidenten.",
    "En utskrift om [[Elliot Cederholm]] hittades vid skrivaren på våning 2.",
]

HELD_OUT_WITHOUT_NAMES = [
    "Incidenten gällde Hvitfeldtska gymnasiet i Göteborg.",
    "Vi lånade lokalen på Karin Boyes bibliotek i Uppsala.",
    "Personalen på Hemtjänsten Syd fick fel schema.",
    "Inga Teams-möten spelades in under perioden.",
    "Ingen på Ekonomiavdelningen visste att filen var delad.",
    "Utredningen gjordes enligt Socialtjänstlagen.",
    "Dag 2 efter incidenten kontaktade vi leverantören.",
    "Kungälvs kommun har samma leverantör av Procapita.",
    "Fikat ordnades vid Evert Taubes terrass på Riddarholmen.",
    "Bussen stannar vid Raoul Wallenbergs torg.",
    "Eleverna på Polhemsskolan fick fel inloggning.",
    "Vi fick samma fråga från Stora Enso.",
    "Tjänsten driftas i Microsoft Azure i Västeuropa.",
    "Hemsjukvården i Lilla Edet använder Lifecare.",
    "Anmälan kom in via Servicecenter en tisdag i november.",
    "I Västra Frölunda skickades brev till fel hushåll.",
    "Kameran sitter vid entrén till Hammarby Sjöstad.",
    "Kontaktcenter fick frågan via chatten på webbplatsen.",
    "Den nya rutinen för Office 365 gäller från januari.",
    "Barnen på Förskolan Solgläntan fotograferades utan samtycke.",
    "Mejlet skickades till Kommunledningskontoret av misstag.",
    "The photos were uploaded to Google Photos by the school.",
    "We use Microsoft Forms for the sign-up lists.",
    "The contractor from Atea had admin rights in Azure.",
    "Per e-post meddelade leverantören att loggarna sparas i 90 dagar.",
    "Hans Teams-konto hade inte spärrats efter anställningens slut.",
    "Tor 14 mars: leverantören bekräftade raderingen.",
    "Ärendet diariefördes i Ciceron under Kommunstyrelsen.",
    "Skolan ligger på Dag Hammarskjölds väg i Uppsala.",
    "Fakturorna hanteras av Ekonomiservice i Kalmar.",
    "Loggarna från Treserva visar att åtkomsten skedde på natten.",
    "Brukarna på Solbackens äldreboende fick fel matsedel med allergier.",
    "Kuratorn på Nobelgymnasiet har informerats.",
    "Mottagaren var en handläggare på Länsstyrelsen i Skåne.",
    "Journalen fanns i NPÖ och kunde ses av Region Halland.",
    "Uppgifterna låg i ett Excel-ark på en öppen server i Kista.",
    "Ungdomarna på Fritidsgården Ungdomshuset fick se listan.",
    "I Vallentuna skickades brev till fel vårdnadshavare.",
    "Polisen i Uppsala har inte kontaktat oss.",
    "Enligt IT-avdelningen var datorn krypterad med BitLocker.",
    "The meeting room at Kungsholms gymnasium was booked by mistake.",
    "Vi hyrde Sankt Petri församlingshem för utbildningen.",
    "Elevhälsoteamet på Björnkärrsskolan behandlade ärendet.",
    "Backupen finns hos Tieto i Kista.",
    "Tisdag morgon ringde vårdnadshavaren till rektorn.",
    "Skrivaren vid Huvudentrén skrev ut fel lista.",
    "Resultaten publicerades i Skolverkets Siris-databas.",
    "Ellen Keys park ligger intill skolan där mejlet skrevs.",
    "Lagen om offentlig upphandling (LOU) gäller för avtalet med Visma.",
    "Frösundaskolan och Maria Montessoriskolan fick samma mejl.",
    "Sophiahemmet fick remissen i stället för Danderyds sjukhus.",
]

_MARK = re.compile(r"\[\[(.+?)\]\]")


@dataclass(frozen=True)
class Sentence:
    text: str
    names: tuple[tuple[int, int], ...]  # the (start, end) of each name in `text`


def parse(marked: str) -> Sentence:
    """The text without marks, and where each marked name is in it."""
    text, names, pos = [], [], 0
    length = 0
    for m in _MARK.finditer(marked):
        before = marked[pos : m.start()]
        text.append(before)
        length += len(before)
        names.append((length, length + len(m.group(1))))
        text.append(m.group(1))
        length += len(m.group(1))
        pos = m.end()
    text.append(marked[pos:])
    return Sentence("".join(text), tuple(names))


def sentences(*groups: list[str]) -> list[Sentence]:
    return [parse(marked) for group in groups for marked in group]


DEVELOPMENT = sentences(DEVELOPMENT_WITH_NAMES, DEVELOPMENT_WITHOUT_NAMES)
HELD_OUT = sentences(HELD_OUT_WITH_NAMES, HELD_OUT_WITHOUT_NAMES)
ALL = DEVELOPMENT + HELD_OUT


@dataclass(frozen=True)
class Score:
    sentences: int
    names: int  # labelled name spans
    found: int  # of them, covered by a reported name
    reported: int  # names reported, in all sentences
    right: int  # of them, overlapping a labelled name
    clean: int  # sentences without a name
    alarmed: int  # of them, where a name was reported
    missed: tuple[str, ...]  # the labelled names not found
    wrong: tuple[str, ...]  # what was reported that is no name, "in: sentence"

    @property
    def recall(self) -> float:
        return self.found / self.names if self.names else 1.0

    @property
    def precision(self) -> float:
        return self.right / self.reported if self.reported else 1.0

    @property
    def false_alarm_rate(self) -> float:
        return self.alarmed / self.clean if self.clean else 0.0

    def summary(self, title: str) -> str:
        return (f"{title}: {self.sentences} sentences, {self.names} names; "
                f"precision {self.precision:.1%} ({self.right}/{self.reported}), "
                f"recall {self.recall:.1%} ({self.found}/{self.names}), "
                f"false alarms {self.false_alarm_rate:.1%} ({self.alarmed}/{self.clean} "
                f"sentences without a name)")


def score(sample: list[Sentence], find_names) -> Score:
    """Score `find_names(text) -> [(start, end), ...]` on a labelled sample.

    A labelled name is found when one reported span covers it; a reported span is right
    when it overlaps a labelled name; a sentence without names is a false alarm when
    anything at all is reported in it."""
    names = found = reported = right = clean = alarmed = 0
    missed: list[str] = []
    wrong: list[str] = []
    for sentence in sample:
        spans = find_names(sentence.text)
        names += len(sentence.names)
        for start, end in sentence.names:
            if any(s <= start and end <= e for s, e in spans):
                found += 1
            else:
                missed.append(f"{sentence.text[start:end]!r} in: {sentence.text}")
        reported += len(spans)
        for s, e in spans:
            if any(s < end and start < e for start, end in sentence.names):
                right += 1
            else:
                wrong.append(f"{sentence.text[s:e]!r} in: {sentence.text}")
        if not sentence.names:
            clean += 1
            alarmed += bool(spans)
    return Score(len(sample), names, found, reported, right, clean, alarmed, tuple(missed),
                 tuple(wrong))
