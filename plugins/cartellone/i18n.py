"""Every string of the site's interface, in Italian and English, and the date formats.

One place for the UI texts: templates read them as ``t.key`` (``ui(lang)``), Python code with
``text(key, lang)``. No ``locale.setlocale`` (process-global, and the locale may be missing on the
build machine) and no Babel: month and weekday names are here, and dates are formatted by hand.
Content texts (titles, descriptions) are not here: they come from the content files and their
``translations``; vocabulary labels come from ``vocab/vocabularies.yaml``.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache

LANGS = ("it", "en")
DEFAULT_LANG = "it"

MONTHS = {
    "it": (
        "gennaio",
        "febbraio",
        "marzo",
        "aprile",
        "maggio",
        "giugno",
        "luglio",
        "agosto",
        "settembre",
        "ottobre",
        "novembre",
        "dicembre",
    ),
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
}
WEEKDAYS = {
    "it": ("lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato", "domenica"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
WEEKDAYS_SHORT = {
    "it": ("lun", "mar", "mer", "gio", "ven", "sab", "dom"),
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
}

# key -> (Italian, English). Placeholders are str.format fields.
STRINGS: dict[str, tuple[str, str]] = {
    # site chrome
    "skip_to_content": ("Vai al contenuto", "Skip to content"),
    "site_tagline": ("Il calendario pubblico della cultura", "The public calendar of culture"),
    "region": ("Regione", "Region"),
    "main_menu": ("Menu principale", "Main menu"),
    "breadcrumb": ("Percorso", "Breadcrumb"),
    "home": ("Home", "Home"),
    "calendar": ("Calendario", "Calendar"),
    "events": ("Eventi", "Events"),
    "categories": ("Categorie", "Categories"),
    "comuni": ("Comuni", "Municipalities"),
    "comune": ("Comune", "Municipality"),
    "provinces": ("Province", "Provinces"),
    "province": ("Provincia", "Province"),
    "province_of": ("Provincia di {name}", "Province of {name}"),
    "venues": ("Luoghi", "Venues"),
    "organisers": ("Organizzatori", "Organisers"),
    "providers": ("Fornitori e professionisti", "Providers and professionals"),
    "providers_short": ("Fornitori", "Providers"),
    "guides": ("Guide pratiche", "Practical guides"),
    "feeds": ("Calendari da abbonare", "Calendars to subscribe to"),
    "feeds_short": ("Calendari iCal", "iCal calendars"),
    "about": ("Chi siamo", "About"),
    "contribute": ("Contribuisci", "Contribute"),
    "accessibility_statement": ("Dichiarazione di accessibilità", "Accessibility statement"),
    "privacy": ("Privacy", "Privacy"),
    "open_data": ("Dati aperti", "Open data"),
    "regional_support_list": ("Sostenuti dalla Regione", "Supported by the Region"),
    "language": ("Lingua", "Language"),
    "atom_title": ("Nuovi eventi (Atom)", "New events (Atom)"),
    "switch_to_it": ("Italiano", "Italiano"),
    "switch_to_en": ("English", "English"),
    "footer_licence": (
        "Dati degli eventi: CC BY 4.0. Tipi di evento: AgID – OntoPiA (CC-BY 4.0). "
        "Comuni: elaborazione su dati ISTAT (CC-BY 4.0).",
        "Event data: CC BY 4.0. Event types: AgID – OntoPiA (CC-BY 4.0). "
        "Municipalities: based on ISTAT data (CC-BY 4.0).",
    ),
    "footer_no_tracking": (
        "Questo sito non usa cookie né servizi di terze parti.",
        "This site uses no cookies and no third-party services.",
    ),
    "example_badge": ("esempio", "example"),
    "example_note": (
        "Dati di esempio: questo contenuto è dimostrativo.",
        "Sample data: this content is for demonstration only.",
    ),
    "page_n": ("Pagina {n}", "Page {n}"),
    "page_word": ("Pagina", "Page"),
    "page_n_of": ("Pagina {n} di {total}", "Page {n} of {total}"),
    # home
    "home_title": ("Cultura in {region}", "Culture in {region}"),
    "home_intro": (
        "Concerti, spettacoli, mostre, visite e incontri in tutta la regione, in un solo calendario aperto.",
        "Concerts, shows, exhibitions, tours and talks across the region, in one open calendar.",
    ),
    "today": ("Oggi", "Today"),
    "this_weekend": ("Questo fine settimana", "This weekend"),
    "coming_up": ("Prossimamente", "Coming up"),
    "featured": ("In evidenza: sostenuti dalla Regione", "Featured: supported by the Region"),
    "nothing_today": ("Nessun evento oggi.", "No events today."),
    "nothing_weekend": ("Nessun evento questo fine settimana.", "No events this weekend."),
    "nothing_upcoming": ("Nessun evento in programma.", "No upcoming events."),
    "all_of_day": ("Tutti gli eventi del giorno", "All events of the day"),
    "all_upcoming": ("Tutti i prossimi eventi", "All upcoming events"),
    "all_featured": ("Tutti gli eventi sostenuti dalla Regione", "All events supported by the Region"),
    "month_view": ("Vista mensile", "Month view"),
    "updated_on": ("Calendario aggiornato: {day}.", "Calendar updated: {day}."),
    "browse_by": ("Cerca per", "Browse by"),
    # listings
    "upcoming_events": ("Prossimi eventi", "Upcoming events"),
    "past_events": ("Eventi passati", "Past events"),
    "ongoing": ("In corso", "Ongoing"),
    "ongoing_long": ("Mostre e aperture in corso", "Exhibitions and openings on now"),
    "no_events": ("Nessun evento.", "No events."),
    "events_count": ("{n} eventi", "{n} events"),
    "event_count_one": ("1 evento", "1 event"),
    "pagination": ("Paginazione", "Pagination"),
    "previous_page": ("Pagina precedente", "Previous page"),
    "next_page": ("Pagina successiva", "Next page"),
    "subscribe_feed": ("Abbonati al calendario (iCal)", "Subscribe to the calendar (iCal)"),
    "events_in": ("Eventi a {name}", "Events in {name}"),
    "events_in_province": ("Eventi in provincia di {name}", "Events in the province of {name}"),
    "events_at": ("Eventi presso {name}", "Events at {name}"),
    "events_by": ("Eventi di {name}", "Events by {name}"),
    "events_category": ("{name}: eventi", "{name}: events"),
    "list_title": ("Tutti i prossimi eventi", "All upcoming events"),
    "regional_title": ("Eventi sostenuti dalla Regione", "Events supported by the Region"),
    # calendar views
    "month_caption": ("Eventi di {month}", "Events in {month}"),
    "previous_month": ("Mese precedente", "Previous month"),
    "next_month": ("Mese successivo", "Next month"),
    "day_title": ("Eventi di {day}", "Events on {day}"),
    "more_events": ("e altri {n}", "and {n} more"),
    "more_dates": ("+{n} date", "+{n} more dates"),
    "all_dates": ("Tutte le date ({n})", "All dates ({n})"),
    "all_day": ("tutto il giorno", "all day"),
    "months_index": ("Mesi", "Months"),
    "open_days": ("Aperto nei giorni indicati", "Open on the days shown"),
    # event page
    "on_this_page": ("In questa pagina", "On this page"),
    "what": ("Cos'è", "What it is"),
    "audience": ("A chi è rivolto", "Who it is for"),
    "place": ("Luogo", "Place"),
    "dates_times": ("Date e orari", "Dates and times"),
    "costs": ("Costi", "Costs"),
    "contacts": ("Contatti", "Contacts"),
    "organised_by": ("Organizzato da", "Organised by"),
    "co_organised": ("Con", "With"),
    "patronage": ("Patrocinato da", "Under the patronage of"),
    "more_info": ("Ulteriori informazioni", "Further information"),
    "last_update": ("Ultimo aggiornamento", "Last update"),
    "category": ("Categoria", "Category"),
    "languages": ("Lingue dell'evento", "Languages of the event"),
    "accessibility": ("Accessibilità", "Accessibility"),
    "age_min": ("Età minima: {n} anni", "Minimum age: {n}"),
    "online": ("Online", "Online"),
    "online_link": ("Segui online", "Watch online"),
    "map_link": ("Apri la mappa su OpenStreetMap", "Open the map on OpenStreetMap"),
    "new_window_note": ("(sito esterno)", "(external site)"),
    "venue_page": ("Tutti gli eventi di questo luogo", "All events at this venue"),
    "free": ("Ingresso gratuito", "Free entry"),
    "price_from_to": ("Da {low} a {high} euro", "From {low} to {high} euro"),
    "price_single": ("{low} euro", "{low} euro"),
    "price_from": ("Da {low} euro", "From {low} euro"),
    "price_unknown": ("Prezzo da confermare", "Price to be confirmed"),
    "tickets": ("Biglietti", "Tickets"),
    "booking": ("Prenotazione", "Booking"),
    "book": ("Prenota", "Book"),
    "email": ("Email", "Email"),
    "phone": ("Telefono", "Phone"),
    "website": ("Sito web", "Website"),
    "add_to_calendar": ("Aggiungi al calendario", "Add to calendar"),
    "download_ics": ("Scarica il file iCal (.ics)", "Download the iCal file (.ics)"),
    "google_calendar": ("Aggiungi a Google Calendar", "Add to Google Calendar"),
    "edit_on_github": ("Modifica su GitHub", "Edit on GitHub"),
    "edit_note": (
        "Sei l'organizzatore? Puoi correggere questo evento.",
        "Are you the organiser? You can correct this event.",
    ),
    "past_event_note": (
        "Evento passato: questa pagina resta come archivio.",
        "Past event: this page is kept as an archive.",
    ),
    "regional_support": ("Sostenuto dalla Regione", "Supported by the Region"),
    "funding": ("Sostegno: {ref}", "Support: {ref}"),
    "previous_date": ("Data precedente: {when}", "Previous date: {when}"),
    "postponed_note": ("Rinviato a data da definire.", "Postponed to a date to be announced."),
    "cancelled_note": ("Questo evento è stato annullato.", "This event has been cancelled."),
    "sold_out_note": ("Posti esauriti.", "Sold out."),
    "rescheduled_note": ("Questo evento è stato spostato a una nuova data.", "This event has moved to a new date."),
    "opening_hours": ("Orari di apertura", "Opening hours"),
    "closed_on": ("Chiuso: {days}", "Closed: {days}"),
    "repeat_every": ("Ogni {days}, da {first} a {until}", "Every {days}, from {first} to {until}"),
    "repeat_except": ("Non si tiene: {days}", "Not held on: {days}"),
    "changed_dates": ("Date cambiate", "Changed dates"),
    "moved_from": ("spostato da {day}", "moved from {day}"),
    "image_credit": ("Immagine: {credit}", "Image: {credit}"),
    "performances": ("Repliche", "Performances"),
    "from_to_days": ("da {first} a {last}", "from {first} to {last}"),  # days with their weekday: no article
    "time_at": ("ore {time}", "{time}"),
    "and": ("e", "and"),
    # entities
    "address": ("Indirizzo", "Address"),
    "capacity_label": ("Capienza", "Capacity"),
    "seats": ("{n} posti", "{n} seats"),
    "kind": ("Tipo", "Type"),
    "based_in": ("Sede: {comune}", "Based in: {comune}"),
    "venues_in": ("Luoghi a {name}", "Venues in {name}"),
    "services": ("Servizi", "Services"),
    "service": ("Servizio", "Service"),
    "area_served": ("Zona servita", "Area served"),
    "provider_languages": ("Lingue", "Languages"),
    "providers_intro": (
        "Imprese e professionisti della regione per comunicazione, video, streaming, biglietteria, "
        "fondi europei e altro. Filtra per servizio:",
        "Companies and professionals of the region for communication, video, streaming, ticketing, "
        "EU funding and more. Filter by service:",
    ),
    "all_services": ("Tutti i servizi", "All services"),
    "providers_for": ("Fornitori: {service}", "Providers: {service}"),
    "no_providers": ("Nessun fornitore per questo servizio.", "No providers for this service."),
    "edit_provider": ("Modifica questa scheda su GitHub", "Edit this entry on GitHub"),
    # search (the page, its form and what search.js says)
    "search": ("Cerca", "Search"),
    "search_title": ("Cerca negli eventi", "Search the events"),
    "search_intro": (
        "Cerca per titolo, luogo, comune, organizzatore o categoria, e restringi con i filtri.",
        "Search by title, venue, municipality, organiser or category, and narrow down with the filters.",
    ),
    "search_label": ("Cerca eventi", "Search events"),
    "search_words": ("Parole da cercare", "Words to search for"),
    "search_needs_js": (
        "La ricerca funziona con JavaScript, che in questo browser è disattivato o non si è caricato. "
        "Puoi trovare ogni evento sfogliando il calendario:",
        "Search needs JavaScript, which is turned off or did not load in this browser. "
        "You can find every event by browsing the calendar:",
    ),
    "search_browse": ("Sfoglia gli eventi", "Browse the events"),
    "search_filters": ("Filtri", "Filters"),
    "search_when": ("Quando", "When"),
    "search_from": ("Dal giorno", "From"),
    "search_to": ("Al giorno", "To"),
    "search_past": ("Includi gli eventi passati", "Include past events"),
    "search_where_what": ("Dove e che cosa", "Where and what"),
    "search_any_comune": ("Tutti i comuni", "All municipalities"),
    "search_any_category": ("Tutte le categorie", "All categories"),
    "search_for_whom": ("Per chi", "Who for"),
    "search_any_audience": ("Tutti i pubblici", "Any audience"),
    "search_free_only": ("Solo eventi gratuiti", "Free events only"),
    "search_any_language": ("Tutte le lingue", "Any language"),
    "search_clear": ("Azzera", "Clear"),
    "search_results": ("Risultati", "Results"),
    "search_count": ("{n} eventi trovati", "{n} events found"),
    "search_count_one": ("1 evento trovato", "1 event found"),
    "search_none": (
        "Nessun evento trovato: prova con meno parole o meno filtri.",
        "No events found: try fewer words or filters.",
    ),
    "search_prompt": ("Scrivi una parola o scegli un filtro.", "Type a word or choose a filter."),
    "search_loading": ("Caricamento della ricerca…", "Loading search…"),
    "search_error": (
        "La ricerca non è disponibile: sfoglia gli eventi con i collegamenti qui sotto.",
        "Search is not available: browse the events with the links below.",
    ),
    "search_more": ("Mostra altri risultati", "Show more results"),
    # guides and pages
    "guides_intro": (
        "Guide pratiche per chi organizza eventi culturali: permessi, diritto d'autore, biglietteria, finanziamenti.",
        "Practical guides for cultural organisers: permits, copyright, ticketing, funding.",
    ),
    "reviewed": ("Verificata: {day}", "Checked: {day}"),
    "published": ("Pubblicata: {day}", "Published: {day}"),
    "topic": ("Argomento", "Topic"),
    "other_topics": ("Altri argomenti", "Other topics"),
    "italian_only": ("Questo contenuto è disponibile solo in italiano.", "This content is available in Italian only."),
    # feeds page
    "feeds_intro": (
        "Abbonati con il tuo calendario (Google, Apple, Outlook, Thunderbird, DAVx5): copia l'indirizzo "
        "del calendario che ti interessa e aggiungilo come calendario da URL. Gli eventi si aggiornano da soli.",
        "Subscribe with your calendar app (Google, Apple, Outlook, Thunderbird, DAVx5): copy the address of "
        "the calendar you want and add it as a calendar from URL. Events update by themselves.",
    ),
    "feeds_how": ("Come abbonarsi", "How to subscribe"),
    "feeds_how_google": (
        "Google Calendar: usa il link «Google» accanto al calendario, oppure in Google Calendar sul computer "
        "scegli «Altri calendari» → «+» → «Da URL» e incolla l'indirizzo https://. Google aggiorna i calendari "
        "abbonati solo ogni 12–24 ore: una modifica appena pubblicata può comparire il giorno dopo.",
        "Google Calendar: use the «Google» link next to the calendar, or in Google Calendar on a computer choose "
        "«Other calendars» → «+» → «From URL» and paste the https:// address. Google refreshes subscribed "
        "calendars only every 12–24 hours: a change just published may show the next day.",
    ),
    "feeds_how_apple": (
        "Apple Calendario (iPhone, iPad, Mac): tocca il link «webcal» e conferma l'abbonamento.",
        "Apple Calendar (iPhone, iPad, Mac): tap the «webcal» link and confirm the subscription.",
    ),
    "feeds_how_outlook": (
        "Outlook: con Outlook sul computer usa il link «webcal»; con Outlook.com scegli «Aggiungi calendario» → "
        "«Sottoscrivi dal Web» e incolla l'indirizzo https://.",
        "Outlook: with desktop Outlook use the «webcal» link; on Outlook.com choose «Add calendar» → "
        "«Subscribe from web» and paste the https:// address.",
    ),
    "feeds_how_thunderbird": (
        "Thunderbird: «Nuovo calendario» → «Sulla rete» e incolla l'indirizzo https://.",
        "Thunderbird: «New calendar» → «On the network» and paste the https:// address.",
    ),
    "feeds_how_android": (
        "Android: installa ICSx⁵ (con DAVx⁵ o da solo), aggiungi un abbonamento e incolla l'indirizzo https://.",
        "Android: install ICSx⁵ (with DAVx⁵ or on its own), add a subscription and paste the https:// address.",
    ),
    "feeds_how_event": (
        "Per un solo evento, usa «Scarica il file iCal» nella sua pagina: ha lo stesso identificativo dei "
        "calendari, quindi non compare due volte se sei anche abbonato.",
        "For a single event, use «Download the iCal file» on its page: it has the same identifier as the "
        "calendars, so it does not appear twice if you also subscribe.",
    ),
    "feeds_link_webcal": ("webcal", "webcal"),
    "feeds_link_google": ("Google", "Google"),
    "feeds_link_label": ("Abbona {name} con {app}", "Subscribe to {name} with {app}"),
    "feeds_whole_region": ("Tutta la regione", "The whole region"),
    "feeds_by_category": ("Per categoria", "By category"),
    "feeds_by_comune": ("Per comune", "By municipality"),
    "feeds_by_province": ("Per provincia", "By province"),
    "feeds_by_venue": ("Per luogo", "By venue"),
    "feeds_by_organiser": ("Per organizzatore", "By organiser"),
    "feeds_by_audience": ("Per pubblico", "By audience"),
    "feeds_other": ("Altri calendari", "Other calendars"),
    "feeds_free": ("Eventi gratuiti", "Free events"),
    "feeds_regional": ("Sostenuti dalla Regione", "Supported by the Region"),
    "feeds_missing": ("I calendari iCal non sono ancora disponibili.", "The iCal calendars are not available yet."),
    "open_data_files": ("File di dati aperti", "Open data files"),
    "data_events_json": ("Eventi in JSON (dati/eventi.json)", "Events as JSON (dati/eventi.json)"),
    "data_events_csv": (
        "Eventi in CSV, una riga per evento (dati/eventi.csv)",
        "Events as CSV, one row per event (dati/eventi.csv)",
    ),
    "data_occurrences_csv": (
        "Date degli eventi in CSV (dati/occorrenze.csv)",
        "Dates of the events as CSV (dati/occorrenze.csv)",
    ),
    "data_catalogue": ("Catalogo DCAT-AP_IT (dati/catalogo.jsonld)", "DCAT-AP_IT catalogue (dati/catalogo.jsonld)"),
    "data_atom": ("Nuovi eventi (Atom)", "New events (Atom)"),
    "contribute_links": ("Collegamenti utili", "Useful links"),
    "contributing_guide": (
        "La guida per chi contribuisce (CONTRIBUTING, su GitHub)",
        "The contributors' guide (CONTRIBUTING, on GitHub, in Italian)",
    ),
    "repository": ("Il repository del calendario su GitHub", "The calendar's repository on GitHub"),
    "report_issue": ("Segnala un errore (issue su GitHub)", "Report a mistake (GitHub issue)"),
    "publishing_guide": ("Guida: come pubblicare i vostri eventi", "Guide: how to publish your events"),
}


class Strings(dict):
    """The UI strings of one language: ``t["key"]`` or, in templates, ``t.key`` (a direct attribute
    lookup, cheaper for Jinja than a dict that first fails ``getattr``)."""

    __slots__ = ()

    def __getattr__(self, key: str) -> str:
        try:
            return self[key]
        except KeyError:
            raise AttributeError(key) from None


@lru_cache(maxsize=4)
def ui(lang: str) -> Strings:
    """All UI strings of ``lang``, for templates (``t.key``) and code (``t["key"]``)."""
    index = LANGS.index(lang) if lang in LANGS else 0
    return Strings({key: pair[index] for key, pair in STRINGS.items()})


def text(key: str, lang: str, **params) -> str:
    """One UI string in ``lang``, with its placeholders filled."""
    value = ui(lang)[key]
    return value.format(**params) if params else value


def month_name(month: int, lang: str) -> str:
    return MONTHS[lang][month - 1]


def month_title(year: int, month: int, lang: str) -> str:
    """'dicembre 2026' / 'December 2026'."""
    return f"{MONTHS[lang][month - 1]} {year}"


def format_date(day: date, lang: str = "it") -> str:
    """'20 dicembre 2026' / '20 December 2026': for feeds and open data."""
    return f"{day.day} {MONTHS[lang][day.month - 1]} {day.year}"


def format_day(day: date, lang: str = "it") -> str:
    """'sabato 20 dicembre 2026' / 'Saturday 20 December 2026'."""
    return f"{WEEKDAYS[lang][day.weekday()]} {day.day} {MONTHS[lang][day.month - 1]} {day.year}"


def format_short_day(day: date, lang: str = "it") -> str:
    """'sab 20 dic' / 'Sat 20 Dec': for cards."""
    return f"{WEEKDAYS_SHORT[lang][day.weekday()]} {day.day} {MONTHS[lang][day.month - 1][:3]}"


def format_time(moment: datetime) -> str:
    return f"{moment.hour:02d}:{moment.minute:02d}"


def format_number(value: float, lang: str) -> str:
    """12 / 12,50 (it) / 12.50 (en)."""
    if float(value).is_integer():
        return str(int(value))
    out = f"{value:.2f}"
    return out.replace(".", ",") if lang == "it" else out
