"""The message catalogue: every finding code, its default severity, and its text in Italian and English.

Codes are stable (tools and PR reports rely on them); texts say what is wrong and how to fix it.
Placeholders in braces are filled from the finding's parameters.
"""

E, W, N = "error", "warning", "notice"


def _m(severity, it, en):
    return {"severity": severity, "it": it, "en": en}


MESSAGES = {
    # --- reading files -------------------------------------------------------------------------
    "unreadable": _m(
        E,
        "Il file non si può leggere. Controlla i permessi del file.",
        "The file cannot be read. Check its permissions.",
    ),
    "file-too-large": _m(
        E,
        "Il file è troppo grande ({size} byte, massimo {limit}). Un file descrive un solo evento: "
        "dividilo o accorcia la descrizione.",
        "The file is too large ({size} bytes, at most {limit}). One file describes one event: "
        "split it or shorten the description.",
    ),
    "encoding": _m(
        E,
        "Il file non è in UTF-8 (byte {byte} non valido). Salvalo con codifica UTF-8 "
        '(in molti editor: "Salva con codifica" → UTF-8).',
        "The file is not UTF-8 (invalid byte {byte}). Save it with UTF-8 encoding.",
    ),
    "yaml-bom": _m(
        N,
        "Il file inizia con un BOM (byte invisibile): viene ignorato, ma è meglio salvare in UTF-8 senza BOM.",
        "The file starts with a byte-order mark: it is ignored, but save as UTF-8 without BOM.",
    ),
    "empty-file": _m(
        E,
        "Il file è vuoto. Scrivi i campi dell'evento (vedi docs/content-model.md) o elimina il file.",
        "The file is empty. Write the event's fields (see docs/content-model.md) or remove the file.",
    ),
    "yaml-syntax": _m(
        E,
        "Errore di sintassi YAML: {problem}. Controlla rientri, due punti e virgolette su questa riga "
        "e su quella prima.",
        "YAML syntax error: {problem}. Check indentation, colons and quotes on this line and the one before.",
    ),
    "yaml-too-deep": _m(
        E,
        "Il file è annidato troppo in profondità. Usa solo i campi documentati.",
        "The file is nested too deeply. Use only the documented fields.",
    ),
    "yaml-many-documents": _m(
        E,
        "Il file contiene più documenti YAML (separati da ---). Metti un evento per file.",
        "The file holds several YAML documents (separated by ---). Put one event per file.",
    ),
    "yaml-alias-bomb": _m(
        E,
        "Il file usa alias YAML (&/*) che si espandono in oltre {limit} valori. Scrivi i valori "
        "per esteso, senza alias.",
        "The file's YAML aliases (&/*) expand to more than {limit} values. Write values out, without aliases.",
    ),
    "yaml-tag": _m(
        E,
        "Il tag YAML {tag} non è ammesso. Togli il tag (la parte che inizia con !) e scrivi il valore semplice.",
        "The YAML tag {tag} is not allowed. Remove the tag (the part starting with !) and write a plain value.",
    ),
    "yaml-merge-key": _m(
        E,
        'La chiave di unione YAML "<<" non è ammessa. Scrivi i campi per esteso.',
        'The YAML merge key "<<" is not allowed. Write the fields out.',
    ),
    "yaml-complex-key": _m(E, "Una chiave deve essere un testo semplice.", "A key must be plain text."),
    "yaml-duplicate-key": _m(
        E,
        'Il campo "{field}" compare due volte (la prima alla riga {first}). Tienine uno solo.',
        'The field "{field}" appears twice (first on line {first}). Keep only one.',
    ),
    "yaml-ambiguous-bool": _m(
        E,
        '"{text}" senza virgolette è letto da molti strumenti come vero/falso. Scrivi "{text}" '
        "tra virgolette se è un testo, oppure true / false.",
        'Unquoted "{text}" is read by many tools as true/false. Quote it if it is text, or write true / false.',
    ),
    "yaml-sexagesimal": _m(
        E,
        "{text} senza virgolette è letto da YAML come un numero in base 60, non come un orario. "
        'Scrivilo tra virgolette: "{text}".',
        'Unquoted {text} is read by YAML as a base-60 number, not a time. Quote it: "{text}".',
    ),
    "yaml-leading-zero": _m(
        E,
        "{text} senza virgolette è letto come numero ottale (lo zero iniziale cambia il valore). "
        'Scrivilo tra virgolette: "{text}".',
        'Unquoted {text} is read as an octal number (the leading zero changes its value). Quote it: "{text}".',
    ),
    # --- files and places ----------------------------------------------------------------------
    "symlink": _m(
        E,
        "Il file è un collegamento simbolico: non viene seguito. Metti il file vero al suo posto.",
        "The file is a symbolic link: it is not followed. Put the real file in its place.",
    ),
    "not-a-file": _m(
        E,
        "Questo non è un file normale (per esempio una pipe o un dispositivo): viene ignorato. Toglilo dal repository.",
        "This is not a regular file (e.g. a pipe or a device): it is skipped. Remove it from the repository.",
    ),
    "wrong-place": _m(E, "Questo file non è al posto giusto: {hint}", "This file is not in the right place: {hint_en}"),
    "bad-filename": _m(
        E,
        'Il nome del file "{name}" non è valido: usa solo lettere minuscole, cifre e trattini '
        "e l'estensione .yaml (per esempio {suggestion}.yaml).",
        'The file name "{name}" is not valid: use lower-case letters, digits and hyphens and the '
        ".yaml extension (e.g. {suggestion}.yaml).",
    ),
    "duplicate-identity": _m(
        E,
        'L\'identità "{identity}" è usata anche da {other}. Ogni evento deve avere un id unico: '
        "cambia il campo id o il nome del file.",
        'The identity "{identity}" is also used by {other}. Each event needs a unique id: change '
        "the id field or the file name.",
    ),
    # --- schema --------------------------------------------------------------------------------
    "schema-required": _m(
        E,
        'Manca il campo obbligatorio "{name}". Aggiungilo ({hint}).',
        'The required field "{name}" is missing. Add it ({hint_en}).',
    ),
    "schema-unknown-field": _m(
        E,
        'Il campo "{name}" non esiste.{suggestion} I campi ammessi sono in docs/content-model.md.',
        'There is no field "{name}".{suggestion_en} The allowed fields are in docs/content-model.md.',
    ),
    "schema-type": _m(
        E,
        "Il valore {value} non è del tipo giusto: serve {expected}. Un codice, un CAP o un orario "
        "che sembra un numero va scritto tra virgolette.",
        "The value {value} has the wrong type: {expected_en} expected. A code, postal code or time "
        "that looks like a number must be quoted.",
    ),
    "schema-enum": _m(
        E,
        '"{value}" non è un valore ammesso.{suggestion} Valori ammessi: {allowed}.',
        '"{value}" is not an allowed value.{suggestion_en} Allowed: {allowed}.',
    ),
    "schema-pattern": _m(
        E, '"{value}" non ha la forma attesa: {hint}.', '"{value}" does not have the expected form: {hint_en}.'
    ),
    "schema-too-long": _m(
        E,
        "Il testo è troppo lungo ({length} caratteri, massimo {limit}). Accorcialo.",
        "The text is too long ({length} characters, at most {limit}). Shorten it.",
    ),
    "schema-too-short": _m(
        E,
        "Il valore è vuoto. Scrivi un valore o togli il campo.",
        "The value is empty. Write a value or remove the field.",
    ),
    "schema-range": _m(
        E,
        "Il valore {value} è fuori dall'intervallo ammesso ({bound}).",
        "The value {value} is out of the allowed range ({bound}).",
    ),
    "schema-unique": _m(
        E,
        "La lista contiene valori ripetuti. Scrivi ogni valore una volta sola.",
        "The list repeats a value. Write each value once.",
    ),
    "schema-min-items": _m(
        E,
        "La lista è vuota. Scrivi almeno un valore o togli il campo.",
        "The list is empty. Write at least one value or remove the field.",
    ),
    "schema-other": _m(E, "Valore non valido: {detail}.", "Invalid value: {detail}."),
    # --- references ----------------------------------------------------------------------------
    "unknown-venue": _m(
        E,
        'Il luogo "{value}" non esiste in venues/.{suggestion} Usa l\'id di un luogo esistente '
        "(il nome del file senza .yaml) o aggiungi il luogo.",
        'The venue "{value}" does not exist in venues/.{suggestion_en} Use an existing venue id '
        "(its file name without .yaml) or add the venue.",
    ),
    "unknown-organiser": _m(
        E,
        'L\'organizzatore "{value}" non esiste in organisers/.{suggestion} Gli eventi vanno in '
        "events/<id-organizzatore>/ e l'organizzatore deve avere il suo file organisers/<id>.yaml.",
        'The organiser "{value}" does not exist in organisers/.{suggestion_en} Events go in '
        "events/<organiser-id>/ and the organiser needs its file organisers/<id>.yaml.",
    ),
    "unknown-comune": _m(
        E,
        'Il codice ISTAT "{value}" non è un comune della regione.{suggestion} Usa il codice a 6 '
        "cifre del comune (elenco in data/comuni-fvg.csv), tra virgolette.",
        'The ISTAT code "{value}" is not a comune of the Region.{suggestion_en} Use the comune\'s '
        "6-digit code (list in data/comuni-fvg.csv), quoted.",
    ),
    "unknown-acknowledged-event": _m(
        W,
        'L\'evento "{value}" citato in acknowledge non esiste.{suggestion} Controlla '
        "l'identità (id o <organizzatore>/<nome-file>).",
        'The event "{value}" named in acknowledge does not exist.{suggestion_en} '
        "Check the identity (id or <organiser>/<file-name>).",
    ),
    "unsafe-path": _m(
        E,
        'Il percorso "{value}" non è ammesso: usa il nome di un file nella stessa cartella '
        'dell\'evento (per esempio locandina.jpg), senza "..", percorsi assoluti o indirizzi web.',
        'The path "{value}" is not allowed: use the name of a file in the event\'s own folder '
        '(e.g. poster.jpg), with no "..", no absolute path and no web address.',
    ),
    "image-missing": _m(
        E,
        "L'immagine \"{value}\" non si trova nella cartella dell'evento. Aggiungi il file o correggi il nome.",
        'The image "{value}" is not in the event\'s folder. Add the file or fix the name.',
    ),
    # --- event rules ---------------------------------------------------------------------------
    "no-place": _m(
        E,
        'Manca il luogo: scrivi "venue" (un luogo in venues/) oppure "online" (un indirizzo '
        "https://), o entrambi per un evento misto.",
        'No place: write "venue" (a venue in venues/) or "online" (an https:// address), or both for a hybrid event.',
    ),
    "rescheduled-needs-previous": _m(
        E,
        "Con status: rescheduled serve anche previous_start, la data e ora prima dello spostamento.",
        "status: rescheduled needs previous_start, the date and time before the move.",
    ),
    "previous-start-unused": _m(
        W,
        "previous_start vale solo con status: rescheduled. Toglilo o cambia lo stato.",
        "previous_start only applies with status: rescheduled. Remove it or change the status.",
    ),
    "price-range": _m(
        E,
        "Il prezzo minimo ({low}) è più alto del massimo ({high}). Scambia i due valori.",
        "The lowest price ({low}) is higher than the highest ({high}). Swap them.",
    ),
    "price-free-with-amount": _m(
        E,
        "L'evento è gratuito (free: true) ma ha un prezzo. Togli i prezzi o scrivi free: false.",
        "The event is free (free: true) but has a price. Remove the prices or write free: false.",
    ),
    "venue-far-from-comune": _m(
        W,
        "Le coordinate sono a {km} km dal comune {comune}: controlla latitudine, longitudine e codice ISTAT.",
        "The coordinates are {km} km from the comune {comune}: check latitude, longitude and ISTAT code.",
    ),
    "past-event-new": _m(
        N,
        "L'evento è già passato ({when}). Va bene per l'archivio; controlla che la data sia giusta.",
        "The event is already past ({when}). Fine for the archive; check the date is right.",
    ),
    # --- schedule ------------------------------------------------------------------------------
    "bad-datetime": _m(
        E,
        '"{text}" non è una data e ora valida. Scrivi "AAAA-MM-GG HH:MM" tra virgolette, per '
        'esempio "2026-12-20 20:45", o solo la data per un evento di tutto il giorno.',
        '"{text}" is not a valid date and time. Write "YYYY-MM-DD HH:MM" in quotes, e.g. '
        '"2026-12-20 20:45", or the date alone for an all-day item.',
    ),
    "bad-date": _m(
        E,
        '"{text}" non è una data. Scrivi AAAA-MM-GG, per esempio 2026-12-24.',
        '"{text}" is not a date. Write YYYY-MM-DD, e.g. 2026-12-24.',
    ),
    "impossible-date": _m(
        E,
        'La data "{text}" non esiste nel calendario. Controlla giorno, mese e anno.',
        'The date "{text}" does not exist. Check the day, month and year.',
    ),
    "dst-gap": _m(
        E,
        "L'orario {when} non esiste: a quell'ora scatta l'ora legale e gli orologi passano dalle 2:00 "
        'alle 3:00. Forse intendevi "{later}"?',
        '{when} does not exist: clocks jump from 02:00 to 03:00 for summer time. Did you mean "{later}"?',
    ),
    "dst-repeat": _m(
        W,
        "L'orario {when} capita due volte (fine dell'ora legale). È letto come il primo ({first}); "
        "per il secondo scrivi l'orario con {second} in fondo.",
        "{when} happens twice (end of summer time). It is read as the first ({first}); for the second, "
        "write the time with {second} at the end.",
    ),
    "offset-mismatch": _m(
        E,
        "Lo scarto {offset} non corrisponde al fuso orario alle {when} (atteso {expected}). "
        "Togli lo scarto o correggilo.",
        "The offset {offset} does not match the time zone at {when} ({expected} expected). Remove or fix it.",
    ),
    "end-time-on-all-day": _m(
        E,
        "Un evento di tutto il giorno non può finire a un orario ({text}). Scrivi l'orario "
        "anche in start, o una data in end.",
        "An all-day item cannot end at a time ({text}). Give start a time too, or end a date.",
    ),
    "end-kind-mismatch": _m(
        E,
        "Inizio e fine devono essere entrambi date o entrambi data e ora.",
        "Start and end must both be dates, or both dates with times.",
    ),
    "end-before-start": _m(
        E,
        "La fine ({end}) non è dopo l'inizio ({start}). Se l'evento finisce dopo mezzanotte "
        "scrivi la data completa del giorno dopo.",
        "The end ({end}) is not after the start ({start}). If the event ends after midnight, "
        "write the full date of the next day.",
    ),
    "schedule-missing": _m(
        E,
        "Manca la data: scrivi start (ed eventualmente end), oppure dates per più repliche.",
        "No date: write start (and optionally end), or dates for several performances.",
    ),
    "schedule-ambiguous": _m(
        E,
        "Usa una sola forma di calendario: start/end, dates, repeat oppure opening_hours (vedi docs/content-model.md).",
        "Use one schedule form only: start/end, dates, repeat or opening_hours (see docs/content-model.md).",
    ),
    "opening-hours-need-dates": _m(
        E,
        "Con opening_hours, start ed end sono date senza orario (il periodo della mostra).",
        "With opening_hours, start and end are dates without times (the exhibition's span).",
    ),
    "opening-hours-order": _m(
        E,
        "L'orario di chiusura {closes} non è dopo l'apertura {opens}.",
        "The closing time {closes} is not after the opening time {opens}.",
    ),
    "duplicate-date": _m(
        E,
        "Questa replica ha lo stesso inizio della replica n. {other}. Togli il doppione.",
        "This performance starts at the same time as performance no. {other}. Remove the duplicate.",
    ),
    "repeat-needs-time": _m(
        E,
        'Una ripetizione settimanale ha bisogno di un orario di inizio ("AAAA-MM-GG HH:MM").',
        'A weekly repeat needs a start time ("YYYY-MM-DD HH:MM").',
    ),
    "repeat-start-day": _m(
        E,
        "La prima data cade di {day}, che non è tra i giorni della ripetizione ({weekly}). "
        "Sposta start al primo giorno giusto o aggiungi il giorno.",
        "The first date is a {day}, not one of the repeat's days ({weekly}). Move start to the "
        "first right day or add the day.",
    ),
    "repeat-until-before-start": _m(
        E, "La data until è prima della prima data. Correggi until.", "until is before the first date. Fix until."
    ),
    "repeat-too-long": _m(
        E,
        "La ripetizione produce più di {limit} date. Accorcia il periodo.",
        "The repeat makes more than {limit} dates. Shorten it.",
    ),
    "repeat-except-not-a-date": _m(
        W,
        "{date} non è una data della ripetizione: l'eccezione non serve. Controlla la data.",
        "{date} is not one of the repeat's dates: the exception does nothing. Check the date.",
    ),
    "repeat-change-not-a-date": _m(
        E,
        "{date} non è una data della ripetizione, quindi non si può cambiare. Indica la "
        "data originale dell'appuntamento da cambiare.",
        "{date} is not one of the repeat's dates, so it cannot be changed. Give the original "
        "date of the one to change.",
    ),
    # --- history (--since) ---------------------------------------------------------------------
    "published-event-deleted": _m(
        E,
        'L\'evento pubblicato "{identity}" ({path}) è stato eliminato: chi è iscritto al '
        "calendario lo perderebbe senza avviso. Ripristina il file e scrivi "
        "status: cancelled.",
        'The published event "{identity}" ({path}) was deleted: subscribers would lose it '
        "without notice. Restore the file and write status: cancelled.",
    ),
    "published-event-renamed": _m(
        E,
        "Il file è stato rinominato da {old_file}: l'identità dell'evento passerebbe da "
        '"{old}" a "{new}" e i calendari lo vedrebbero come un evento nuovo. Aggiungi '
        "al file la riga id: {old}",
        "The file was renamed from {old_file}: the event's identity would change from "
        '"{old}" to "{new}" and calendars would see a new event. Add the line id: {old}',
    ),
    "published-identity-changed": _m(
        E,
        'L\'id dell\'evento pubblicato è cambiato da "{old}" a "{new}": i calendari '
        "lo vedrebbero come un evento nuovo. Rimetti id: {old}",
        'The published event\'s id changed from "{old}" to "{new}": calendars would '
        "see a new event. Put back id: {old}",
    ),
    "git-error": _m(E, 'Non riesco a confrontare con "{ref}": {detail}', 'Cannot compare with "{ref}": {detail}'),
    # --- conflicts -----------------------------------------------------------------------------
    "conflict-venue": _m(
        E,
        "Sovrapposizione nello stesso luogo ({venue}) il {when}: {others}. Se è voluto (per esempio "
        "sale diverse), aggiungi acknowledge con l'evento e il motivo. Date libere vicine: {free}.",
        "Overlap at the same venue ({venue}) on {when}: {others}. If intended (e.g. different "
        "rooms), add acknowledge with the event and the reason. Nearest free dates: {free}.",
    ),
    "conflict-venue-acknowledged": _m(
        N,
        "Sovrapposizione nello stesso luogo ({venue}) il {when} con {others}: dichiarata e accettata (acknowledge).",
        "Overlap at the same venue ({venue}) on {when} with {others}: acknowledged.",
    ),
    "conflict-comune": _m(
        W,
        "La stessa sera ({when}) a {comune} c'è già: {others} ({why}). Il pubblico potrebbe "
        "dividersi. Date libere vicine: {free}.",
        "The same evening ({when}) in {comune} there is already: {others} ({why_en}). The audience "
        "may split. Nearest free dates: {free}.",
    ),
    "conflict-nearby": _m(
        N,
        "Lo stesso giorno ({when}) nelle vicinanze c'è: {others}, stessa categoria. Date libere vicine: {free}.",
        "The same day ({when}) nearby there is: {others}, same category. Nearest free dates: {free}.",
    ),
}
