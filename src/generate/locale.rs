//! Static per-country data for the synthetic CRM generator: names, cities,
//! streets, postcode shapes, phone ranges, bank codes and note templates.
//!
//! Everything here is plain `&'static` data so that generation never touches
//! a hash map or allocator-dependent ordering; the generator only indexes into
//! these slices with its own PRNG.

/// How a birth date / note date is written in the locale's own convention.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum DateStyle {
    /// 27.03.1985
    Dot,
    /// 27/03/1985
    SlashDmy,
    /// 03/27/1985
    SlashMdy,
    /// 27-03-1985
    DashDmy,
    /// 1985-03-27
    Iso,
}

/// Where the house number goes relative to the street name.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum StreetStyle {
    /// "Hauptstraße 12"
    After,
    /// "12 rue de la Paix"
    Before,
    /// "Via Roma 5" or "Via Roma, 5"
    AfterComma,
}

pub struct City {
    pub name: &'static str,
    /// Postcode prefixes (DE/FR/IT/ES/NL/PL/SE/US) or outward codes (GB).
    pub postal: &'static [&'static str],
    /// Landline prefixes of the national significant number (no trunk 0),
    /// including any leading subscriber digits that are fixed for the city.
    /// GB entries may end in "/digits": the subscriber digits allowed next
    /// (libphonenumber only accepts some ranges of e.g. 0113 or 0116).
    pub area: &'static [&'static str],
    /// Italian cadastral code (codice catastale) for the fiscal code, else "".
    pub code: &'static str,
}

pub struct Locale {
    pub code: &'static str,
    pub weight: u32,
    /// Country names as a free-text country column might contain them.
    pub names: &'static [&'static str],
    pub male: &'static [&'static str],
    pub female: &'static [&'static str],
    pub surnames: &'static [&'static str],
    pub cities: &'static [City],
    pub streets: &'static [&'static str],
    pub street_style: StreetStyle,
    pub email_domains: &'static [&'static str],
    pub tld: &'static str,
    pub company_words: &'static [&'static str],
    pub web_paths: &'static [&'static str],
    pub date_style: DateStyle,
    /// Note templates in the local language (English ones are shared).
    pub notes: &'static [&'static str],
    pub invoice_prefix: &'static str,
}

const fn c(
    name: &'static str,
    postal: &'static [&'static str],
    area: &'static [&'static str],
) -> City {
    City { name, postal, area, code: "" }
}

const fn ci(
    name: &'static str,
    postal: &'static [&'static str],
    area: &'static [&'static str],
    code: &'static str,
) -> City {
    City { name, postal, area, code }
}

pub const GENERIC_EMAIL_DOMAINS: &[&str] = &[
    "gmail.com", "gmail.com", "gmail.com", "outlook.com", "hotmail.com", "icloud.com", "yahoo.com",
    "proton.me",
];

pub const EN_NOTES: &[&str] = &[
    "Customer {name} called on {date}, call back on {phone}.",
    "New email address: {email}.",
    "Ticket {ticket}: delivery to {city} delayed.",
    "Invoice {invoice} for {amount} still outstanding.",
    "Bank details changed, new IBAN {iban}.",
    "Card payment with {card} declined.",
    "Login issues since upgrading to {version}, last IP {ip}.",
    "Please call back at {time}.",
    "Order {sku} to be shipped to {street}, {city}.",
    "{first} has opted out of marketing.",
    "Company website: {url}",
    "Complaint about order {order} resolved.",
    "Meeting on {date} at {time} in {city}.",
    "Spoke to {first}, prefers contact via {email}.",
];

const DE_NOTES: &[&str] = &[
    "Kunde {name} hat am {date} angerufen, Rückruf unter {phone} erbeten.",
    "Neue E-Mail-Adresse: {email}.",
    "Ticket {ticket}: Lieferung nach {city} verspätet.",
    "Rechnung {invoice} über {amount} noch offen.",
    "Bankverbindung geändert, neue IBAN {iban}.",
    "Zahlung mit Karte {card} abgelehnt, Kunde informiert.",
    "Login-Probleme seit Update auf {version}, letzte IP {ip}.",
    "Bitte Rückruf um {time} Uhr.",
    "Bestellt: {sku}, Lieferung an {street}, {city}.",
    "{first} wünscht keine Werbung mehr.",
    "Firmenwebsite: {url}",
    "Reklamation zu Auftrag {order} erledigt.",
    "Termin am {date} um {time} Uhr in {city} vereinbart.",
    "Hat den Newsletter abbestellt.",
];

const FR_NOTES: &[&str] = &[
    "Client {name} a appelé le {date}, rappeler au {phone}.",
    "Nouvelle adresse e-mail : {email}.",
    "Ticket {ticket} : livraison à {city} en retard.",
    "Facture {invoice} de {amount} toujours impayée.",
    "Coordonnées bancaires modifiées, nouvel IBAN {iban}.",
    "Paiement refusé pour la carte {card}.",
    "Problème de connexion depuis la version {version}, dernière IP {ip}.",
    "Merci de rappeler à {time}.",
    "Commande {sku} à livrer au {street}, {city}.",
    "{first} ne souhaite plus recevoir de publicité.",
    "Site web de l'entreprise : {url}",
    "Réclamation sur la commande {order} traitée.",
    "Rendez-vous le {date} à {time} à {city}.",
    "A demandé la suppression de son compte.",
];

const IT_NOTES: &[&str] = &[
    "Il cliente {name} ha chiamato il {date}, richiamare al {phone}.",
    "Nuovo indirizzo email: {email}.",
    "Ticket {ticket}: consegna a {city} in ritardo.",
    "Fattura {invoice} di {amount} ancora da pagare.",
    "Coordinate bancarie aggiornate, nuovo IBAN {iban}.",
    "Pagamento con carta {card} rifiutato.",
    "Problemi di accesso dopo l'aggiornamento {version}, ultimo IP {ip}.",
    "Richiamare alle {time}.",
    "Ordine {sku} da spedire in {street}, {city}.",
    "{first} non desidera ricevere comunicazioni commerciali.",
    "Sito aziendale: {url}",
    "Reclamo sull'ordine {order} risolto.",
    "Appuntamento il {date} alle {time} a {city}.",
];

const ES_NOTES: &[&str] = &[
    "El cliente {name} llamó el {date}, devolver la llamada al {phone}.",
    "Nuevo correo electrónico: {email}.",
    "Ticket {ticket}: entrega en {city} con retraso.",
    "Factura {invoice} por {amount} pendiente de pago.",
    "Datos bancarios actualizados, nuevo IBAN {iban}.",
    "Pago con tarjeta {card} rechazado.",
    "Problemas de acceso desde la versión {version}, última IP {ip}.",
    "Llamar de nuevo a las {time}.",
    "Pedido {sku} para enviar a {street}, {city}.",
    "{first} no quiere recibir publicidad.",
    "Web de la empresa: {url}",
    "Reclamación del pedido {order} resuelta.",
    "Cita el {date} a las {time} en {city}.",
];

const NL_NOTES: &[&str] = &[
    "Klant {name} belde op {date}, terugbellen op {phone}.",
    "Nieuw e-mailadres: {email}.",
    "Ticket {ticket}: levering in {city} vertraagd.",
    "Factuur {invoice} van {amount} nog niet betaald.",
    "Bankgegevens gewijzigd, nieuwe IBAN {iban}.",
    "Betaling met kaart {card} geweigerd.",
    "Inlogproblemen sinds versie {version}, laatste IP {ip}.",
    "Graag terugbellen om {time}.",
    "Bestelling {sku} leveren op {street}, {city}.",
    "{first} wil geen reclame meer ontvangen.",
    "Website van het bedrijf: {url}",
    "Klacht over order {order} afgehandeld.",
    "Afspraak op {date} om {time} in {city}.",
];

const PL_NOTES: &[&str] = &[
    "Klient(ka) {name} dzwonił(a) {date}, oddzwonić pod {phone}.",
    "Nowy adres e-mail: {email}.",
    "Zgłoszenie {ticket}: opóźniona dostawa, miasto {city}.",
    "Faktura {invoice} na kwotę {amount} nieopłacona.",
    "Zmiana danych bankowych, nowy IBAN {iban}.",
    "Płatność kartą {card} odrzucona.",
    "Problemy z logowaniem od wersji {version}, ostatnie IP {ip}.",
    "Proszę oddzwonić o {time}.",
    "Zamówienie {sku} do wysyłki na adres {street}, {city}.",
    "{first} nie chce otrzymywać reklam.",
    "Strona firmy: {url}",
    "Reklamacja zamówienia {order} załatwiona.",
    "Spotkanie {date} o {time}, miejsce: {city}.",
];

const SE_NOTES: &[&str] = &[
    "Kunden {name} ringde {date}, ring tillbaka på {phone}.",
    "Ny e-postadress: {email}.",
    "Ärende {ticket}: leverans till {city} försenad.",
    "Faktura {invoice} på {amount} är obetald.",
    "Bankuppgifter ändrade, nytt IBAN {iban}.",
    "Kortbetalning med {card} nekad.",
    "Inloggningsproblem sedan version {version}, senaste IP {ip}.",
    "Ring tillbaka kl. {time}.",
    "Order {sku} skickas till {street}, {city}.",
    "{first} vill inte ha reklam.",
    "Företagets webbplats: {url}",
    "Reklamation på order {order} avslutad.",
    "Möte {date} kl. {time} i {city}.",
];

pub const LOCALES: &[Locale] = &[
    Locale {
        code: "DE",
        weight: 22,
        names: &["Deutschland", "Germany"],
        male: &[
            "Lukas", "Leon", "Finn", "Jonas", "Paul", "Felix", "Maximilian", "Thomas", "Michael",
            "Andreas", "Stefan", "Jürgen", "Klaus", "Wolfgang", "Uwe", "Sebastian", "Tobias", "Jan",
            "Matthias", "Björn", "Sören", "Jörg",
        ],
        female: &[
            "Anna", "Lena", "Laura", "Sophie", "Marie", "Lea", "Julia", "Katharina", "Sabine",
            "Petra", "Ursula", "Monika", "Andrea", "Claudia", "Birgit", "Jana", "Hannah", "Käthe",
            "Lisa", "Sarah", "Anja", "Bärbel",
        ],
        surnames: &[
            "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker",
            "Schulz", "Hoffmann", "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf",
            "Schröder", "Neumann", "Schwarz", "Zimmermann", "Braun", "Krüger", "Hofmann",
            "Hartmann", "Lange", "Schmitt", "Werner", "Schmitz", "Krause", "Meier", "Lehmann",
            "Köhler", "Herrmann", "König", "Walter", "Huber", "Kaiser", "Fuchs", "Peters",
            "Scholz", "Möller", "Weiß", "Jung", "Hahn", "Vogel", "Keller", "Günther", "Frank",
            "Berger", "Lorenz",
        ],
        cities: &[
            c("Berlin", &["10", "12", "13"], &["30"]),
            c("Hamburg", &["20", "21", "22"], &["40"]),
            c("München", &["80", "81"], &["89"]),
            c("Köln", &["50", "51"], &["221"]),
            c("Frankfurt am Main", &["60"], &["69"]),
            c("Stuttgart", &["70"], &["711"]),
            c("Düsseldorf", &["40"], &["211"]),
            c("Leipzig", &["04"], &["341"]),
            c("Dortmund", &["44"], &["231"]),
            c("Essen", &["45"], &["201"]),
            c("Bremen", &["28"], &["421"]),
            c("Dresden", &["01"], &["351"]),
            c("Hannover", &["30"], &["511"]),
            c("Nürnberg", &["90"], &["911"]),
            c("Freiburg im Breisgau", &["79"], &["761"]),
            c("Münster", &["48"], &["251"]),
        ],
        streets: &[
            "Hauptstraße", "Bahnhofstraße", "Schulstraße", "Gartenstraße", "Dorfstraße",
            "Bergstraße", "Lindenstraße", "Kirchstraße", "Goethestraße", "Schillerstraße",
            "Mozartstraße", "Friedrichstraße", "Am Markt", "Rosenweg", "Birkenweg", "Kaiserallee",
            "Königsallee", "Lessingplatz",
        ],
        street_style: StreetStyle::After,
        email_domains: &["web.de", "gmx.de", "gmx.net", "t-online.de", "freenet.de", "posteo.de"],
        tld: "de",
        company_words: &["bau", "technik", "consulting", "logistik", "immobilien", "autohaus"],
        web_paths: &["", "/", "/impressum", "/kontakt", "/ueber-uns", "/shop?ref=crm"],
        date_style: DateStyle::Dot,
        notes: DE_NOTES,
        invoice_prefix: "RE-",
    },
    Locale {
        code: "FR",
        weight: 16,
        names: &["France"],
        male: &[
            "Jean", "Pierre", "Michel", "François", "Nicolas", "Philippe", "Thomas", "Julien",
            "Sébastien", "Antoine", "Lucas", "Hugo", "Louis", "Théo", "Mathieu", "Jérôme",
            "Stéphane", "Frédéric", "Christophe", "Benoît", "Gaël", "Raphaël",
        ],
        female: &[
            "Marie", "Nathalie", "Isabelle", "Sylvie", "Catherine", "Camille", "Léa", "Manon",
            "Chloé", "Émilie", "Julie", "Céline", "Sophie", "Aurélie", "Hélène", "Inès", "Amélie",
            "Zoé", "Océane", "Margaux", "Élodie",
        ],
        surnames: &[
            "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand",
            "Leroy", "Moreau", "Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "David",
            "Bertrand", "Roux", "Vincent", "Fournier", "Morel", "Girard", "André", "Lefebvre",
            "Mercier", "Dupont", "Lambert", "Bonnet", "François", "Martinez", "Legrand", "Garnier",
            "Faure", "Rousseau", "Blanc", "Guérin", "Muller", "Henry", "Roussel", "Perrin",
            "Morin", "Mathieu", "Clément", "Gauthier", "Dumont", "Fontaine", "Chevalier", "Robin",
        ],
        cities: &[
            c("Paris", &["75"], &["1"]),
            c("Marseille", &["13"], &["4"]),
            c("Lyon", &["69"], &["4"]),
            c("Toulouse", &["31"], &["5"]),
            c("Nice", &["06"], &["4"]),
            c("Nantes", &["44"], &["2"]),
            c("Strasbourg", &["67"], &["3"]),
            c("Montpellier", &["34"], &["4"]),
            c("Bordeaux", &["33"], &["5"]),
            c("Lille", &["59"], &["3"]),
            c("Rennes", &["35"], &["2"]),
            c("Reims", &["51"], &["3"]),
            c("Saint-Étienne", &["42"], &["4"]),
            c("Le Havre", &["76"], &["2"]),
            c("Grenoble", &["38"], &["4"]),
            c("Dijon", &["21"], &["3"]),
        ],
        streets: &[
            "rue de la Paix", "avenue des Champs-Élysées", "boulevard Saint-Germain",
            "rue Victor Hugo", "place de la République", "rue du Faubourg Saint-Honoré",
            "allée des Tilleuls", "chemin des Vignes", "rue Pasteur", "quai de la Loire",
            "impasse des Lilas", "rue Jean Jaurès", "rue Nationale", "avenue Foch",
        ],
        street_style: StreetStyle::Before,
        email_domains: &["orange.fr", "free.fr", "laposte.net", "sfr.fr", "wanadoo.fr"],
        tld: "fr",
        company_words: &["conseil", "immobilier", "boulangerie", "transports", "batiment"],
        web_paths: &["", "/", "/contact", "/a-propos", "/mentions-legales"],
        date_style: DateStyle::SlashDmy,
        notes: FR_NOTES,
        invoice_prefix: "FA-",
    },
    Locale {
        code: "IT",
        weight: 10,
        names: &["Italia", "Italy"],
        male: &[
            "Marco", "Giuseppe", "Giovanni", "Antonio", "Francesco", "Alessandro", "Andrea",
            "Luca", "Matteo", "Lorenzo", "Davide", "Stefano", "Roberto", "Paolo", "Niccolò",
            "Simone", "Federico", "Riccardo", "Salvatore", "Gabriele", "Mattia",
        ],
        female: &[
            "Giulia", "Francesca", "Chiara", "Sara", "Martina", "Valentina", "Alessia", "Federica",
            "Elena", "Maria", "Anna", "Laura", "Silvia", "Paola", "Sofia", "Aurora", "Giorgia",
            "Beatrice", "Alice", "Noemi",
        ],
        surnames: &[
            "Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci",
            "Marino", "Greco", "Bruno", "Gallo", "Conti", "De Luca", "Mancini", "Costa",
            "Giordano", "Rizzo", "Lombardi", "Moretti", "Barbieri", "Fontana", "Santoro",
            "Mariani", "Rinaldi", "Caruso", "Ferrara", "Galli", "Martini", "Leone", "Longo",
            "Gentile", "Martinelli", "Vitale", "Lombardo", "Serra", "Coppola", "De Santis",
            "D'Angelo", "Marchetti", "Parisi", "Villa", "Conte", "Fabbri", "Bianco", "Marini",
        ],
        cities: &[
            ci("Roma", &["001"], &["06"], "H501"),
            ci("Milano", &["201"], &["02"], "F205"),
            ci("Napoli", &["801"], &["081"], "F839"),
            ci("Torino", &["101"], &["011"], "L219"),
            ci("Palermo", &["901"], &["091"], "G273"),
            ci("Genova", &["161"], &["010"], "D969"),
            ci("Bologna", &["401"], &["051"], "A944"),
            ci("Firenze", &["501"], &["055"], "D612"),
            ci("Bari", &["701"], &["080"], "A662"),
            ci("Catania", &["951"], &["095"], "C351"),
            ci("Venezia", &["301"], &["041"], "L736"),
            ci("Verona", &["371"], &["045"], "L781"),
            ci("Padova", &["351"], &["049"], "G224"),
            ci("Trieste", &["341"], &["040"], "L424"),
            ci("Brescia", &["251"], &["030"], "B157"),
        ],
        streets: &[
            "Via Roma", "Via Garibaldi", "Corso Vittorio Emanuele II", "Piazza del Duomo",
            "Via Dante Alighieri", "Via Giuseppe Verdi", "Viale Europa", "Via Cavour",
            "Via Mazzini", "Corso Italia", "Via della Repubblica", "Piazza Navona", "Via dei Mille",
            "Via San Francesco d'Assisi",
        ],
        street_style: StreetStyle::AfterComma,
        email_domains: &["libero.it", "virgilio.it", "tiscali.it", "alice.it", "tim.it"],
        tld: "it",
        company_words: &["costruzioni", "consulenza", "trasporti", "immobiliare", "ristorante"],
        web_paths: &["", "/", "/contatti", "/chi-siamo", "/privacy"],
        date_style: DateStyle::SlashDmy,
        notes: IT_NOTES,
        invoice_prefix: "FT-",
    },
    Locale {
        code: "ES",
        weight: 10,
        names: &["España", "Spain"],
        male: &[
            "José", "Antonio", "Manuel", "Francisco", "Juan", "David", "Javier", "Daniel", "Carlos",
            "Jesús", "Alejandro", "Miguel", "Rafael", "Pablo", "Sergio", "Álvaro", "Adrián",
            "Íñigo", "Andrés", "Jorge", "Raúl", "Hugo",
        ],
        female: &[
            "María", "Carmen", "Ana", "Isabel", "Laura", "Lucía", "Cristina", "Marta", "Elena",
            "Paula", "Sara", "Sofía", "Pilar", "Dolores", "Raquel", "Nuria", "Begoña", "Inés",
            "Rocío", "Alba",
        ],
        surnames: &[
            "García", "Rodríguez", "González", "Fernández", "López", "Martínez", "Sánchez",
            "Pérez", "Gómez", "Martín", "Jiménez", "Ruiz", "Hernández", "Díaz", "Moreno", "Muñoz",
            "Álvarez", "Romero", "Alonso", "Gutiérrez", "Navarro", "Torres", "Domínguez",
            "Vázquez", "Ramos", "Gil", "Ramírez", "Serrano", "Blanco", "Molina", "Morales",
            "Suárez", "Ortega", "Delgado", "Castro", "Ortiz", "Rubio", "Marín", "Sanz", "Núñez",
            "Iglesias", "Medina", "Garrido", "Cortés", "Castillo",
        ],
        cities: &[
            c("Madrid", &["28"], &["91"]),
            c("Barcelona", &["08"], &["93"]),
            c("Valencia", &["46"], &["96"]),
            c("Sevilla", &["41"], &["954", "955"]),
            c("Zaragoza", &["50"], &["976"]),
            c("Málaga", &["29"], &["952"]),
            c("Murcia", &["30"], &["968"]),
            c("Palma", &["07"], &["971"]),
            c("Las Palmas de Gran Canaria", &["35"], &["928"]),
            c("Bilbao", &["48"], &["944"]),
            c("Alicante", &["03"], &["965"]),
            c("Córdoba", &["14"], &["957"]),
            c("Valladolid", &["47"], &["983"]),
            c("Vigo", &["36"], &["986"]),
            c("Gijón", &["33"], &["985"]),
            c("A Coruña", &["15"], &["981"]),
        ],
        streets: &[
            "Calle Mayor", "Calle de Alcalá", "Gran Vía", "Avenida de la Constitución",
            "Calle Real", "Paseo de la Castellana", "Plaza de España", "Calle San José",
            "Calle Nueva", "Avenida Diagonal", "Calle del Sol", "Rambla de Catalunya",
            "Calle de Cervantes",
        ],
        street_style: StreetStyle::AfterComma,
        email_domains: &["telefonica.net", "yahoo.es", "hotmail.es", "movistar.es"],
        tld: "es",
        company_words: &["construcciones", "asesoria", "transportes", "inmobiliaria", "talleres"],
        web_paths: &["", "/", "/contacto", "/quienes-somos", "/aviso-legal"],
        date_style: DateStyle::SlashDmy,
        notes: ES_NOTES,
        invoice_prefix: "F-",
    },
    Locale {
        code: "NL",
        weight: 8,
        names: &["Nederland", "Netherlands"],
        male: &[
            "Jan", "Pieter", "Kees", "Daan", "Sem", "Lucas", "Bram", "Thijs", "Joost", "Sander",
            "Ruben", "Lars", "Jeroen", "Maarten", "Wouter", "Bas", "Henk", "Gerrit", "Niels",
            "Stijn", "Joris",
        ],
        female: &[
            "Emma", "Julia", "Sophie", "Anouk", "Fleur", "Sanne", "Lotte", "Eva", "Femke", "Lieke",
            "Marieke", "Ingrid", "Anneke", "Mirjam", "Esther", "Iris", "Noor", "Saskia", "Ilse",
            "Tessa",
        ],
        surnames: &[
            "de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Janssen",
            "Visser", "Smit", "Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters",
            "Hendriks", "van Leeuwen", "Dekker", "Brouwer", "de Wit", "Dijkstra", "Smits",
            "de Graaf", "van der Meer", "van der Linden", "Kok", "Jacobs", "de Haan", "Vermeulen",
            "van den Heuvel", "van der Veen", "van den Broek", "de Bruijn", "van der Heijden",
            "Schouten", "van Beek", "Willems", "van Vliet", "Hoekstra", "Maas", "Verhoeven",
            "Koster", "van Dam", "Prins", "Blom", "Huisman",
        ],
        cities: &[
            c("Amsterdam", &["10"], &["20"]),
            c("Rotterdam", &["30"], &["10"]),
            c("Den Haag", &["25"], &["70"]),
            c("Utrecht", &["35"], &["30"]),
            c("Eindhoven", &["56"], &["40"]),
            c("Groningen", &["97"], &["50"]),
            c("Tilburg", &["50"], &["13"]),
            c("Almere", &["13"], &["36"]),
            c("Breda", &["48"], &["76"]),
            c("Nijmegen", &["65"], &["24"]),
            c("Haarlem", &["20"], &["23"]),
            c("Arnhem", &["68"], &["26"]),
            c("Zwolle", &["80"], &["38"]),
            c("Leiden", &["23"], &["71"]),
            c("Maastricht", &["62"], &["43"]),
        ],
        streets: &[
            "Kerkstraat", "Dorpsstraat", "Molenweg", "Stationsweg", "Schoolstraat",
            "Julianastraat", "Beatrixstraat", "Prinsengracht", "Keizersgracht", "Herengracht",
            "Marktplein", "Nieuwstraat", "Wilhelminalaan", "Parkweg", "Hoofdstraat",
        ],
        street_style: StreetStyle::After,
        email_domains: &["ziggo.nl", "kpnmail.nl", "hetnet.nl", "xs4all.nl", "planet.nl"],
        tld: "nl",
        company_words: &["bouw", "advies", "transport", "installatie", "makelaardij"],
        web_paths: &["", "/", "/contact", "/over-ons", "/webshop"],
        date_style: DateStyle::DashDmy,
        notes: NL_NOTES,
        invoice_prefix: "F",
    },
    Locale {
        code: "PL",
        weight: 7,
        names: &["Polska", "Poland"],
        male: &[
            "Piotr", "Krzysztof", "Andrzej", "Tomasz", "Paweł", "Michał", "Marcin", "Jakub",
            "Łukasz", "Grzegorz", "Mateusz", "Adam", "Marek", "Wojciech", "Kamil", "Maciej",
            "Bartłomiej", "Dawid", "Szymon", "Stanisław", "Zbigniew",
        ],
        female: &[
            "Anna", "Maria", "Katarzyna", "Małgorzata", "Agnieszka", "Barbara", "Ewa", "Krystyna",
            "Elżbieta", "Magdalena", "Joanna", "Aleksandra", "Zofia", "Monika", "Natalia",
            "Karolina", "Justyna", "Dorota", "Beata", "Jadwiga",
        ],
        // Masculine forms; -ski/-cki/-dzki become -ska/-cka/-dzka for women.
        surnames: &[
            "Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kowalczyk", "Kamiński", "Lewandowski",
            "Zieliński", "Szymański", "Woźniak", "Dąbrowski", "Kozłowski", "Jankowski", "Mazur",
            "Wojciechowski", "Kwiatkowski", "Krawczyk", "Kaczmarek", "Piotrowski", "Grabowski",
            "Zając", "Pawłowski", "Michalski", "Król", "Wieczorek", "Jabłoński", "Wróbel",
            "Nowakowski", "Majewski", "Olszewski", "Stępień", "Malinowski", "Jaworski",
            "Adamczyk", "Dudek", "Nowicki", "Pawlak", "Górski", "Witkowski", "Walczak",
        ],
        cities: &[
            c("Warszawa", &["00", "01", "02", "03", "04"], &["22"]),
            c("Kraków", &["30", "31"], &["12"]),
            c("Łódź", &["90", "91", "92", "93"], &["42"]),
            c("Wrocław", &["50", "51", "52", "53"], &["71"]),
            c("Poznań", &["60", "61"], &["61"]),
            c("Gdańsk", &["80"], &["58"]),
            c("Szczecin", &["70", "71"], &["91"]),
            c("Bydgoszcz", &["85"], &["52"]),
            c("Lublin", &["20"], &["81"]),
            c("Białystok", &["15"], &["85"]),
            c("Katowice", &["40"], &["32"]),
            c("Gdynia", &["81"], &["58"]),
            c("Częstochowa", &["42"], &["34"]),
            c("Radom", &["26"], &["48"]),
            c("Toruń", &["87"], &["56"]),
        ],
        streets: &[
            "ul. Długa", "ul. Marszałkowska", "ul. Piotrkowska", "ul. Floriańska",
            "ul. Mickiewicza", "ul. Słowackiego", "ul. Kościuszki", "ul. Polna", "ul. Leśna",
            "ul. Ogrodowa", "al. Jerozolimskie", "ul. Krakowska", "ul. Szkolna", "ul. Lipowa",
            "pl. Grunwaldzki",
        ],
        street_style: StreetStyle::After,
        email_domains: &["wp.pl", "onet.pl", "o2.pl", "interia.pl", "op.pl"],
        tld: "pl",
        company_words: &["budownictwo", "transport", "serwis", "doradztwo", "hurtownia"],
        web_paths: &["", "/", "/kontakt", "/o-nas", "/sklep"],
        date_style: DateStyle::Dot,
        notes: PL_NOTES,
        invoice_prefix: "FV/",
    },
    Locale {
        code: "SE",
        weight: 5,
        names: &["Sverige", "Sweden"],
        male: &[
            "Erik", "Lars", "Karl", "Anders", "Johan", "Per", "Nils", "Mikael", "Jan", "Hans",
            "Gustav", "Oskar", "Lucas", "Björn", "Fredrik", "Mattias", "Henrik", "Magnus",
            "Göran", "Sven", "Axel",
        ],
        female: &[
            "Maria", "Anna", "Margareta", "Elisabeth", "Eva", "Kristina", "Birgitta", "Karin",
            "Åsa", "Ingrid", "Lena", "Emma", "Sara", "Linnéa", "Maja", "Elsa", "Astrid", "Sofia",
            "Ebba", "Märta",
        ],
        surnames: &[
            "Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson",
            "Persson", "Svensson", "Gustafsson", "Pettersson", "Jonsson", "Jansson", "Hansson",
            "Bengtsson", "Jönsson", "Lindberg", "Jakobsson", "Magnusson", "Olofsson",
            "Lindström", "Lindqvist", "Lindgren", "Berg", "Axelsson", "Bergström", "Lundberg",
            "Lundgren", "Lundqvist", "Mattsson", "Berglund", "Fredriksson", "Sandberg",
            "Henriksson", "Sjöberg", "Forsberg", "Ström", "Åberg", "Holm", "Engström",
            "Söderberg", "Nyström", "Hedlund", "Ek",
        ],
        cities: &[
            c("Stockholm", &["111", "113", "114", "116", "118"], &["8"]),
            c("Göteborg", &["411", "413", "414", "416"], &["31"]),
            c("Malmö", &["211", "212", "214", "217"], &["40"]),
            c("Uppsala", &["752", "753", "754"], &["18"]),
            c("Västerås", &["722", "723", "724"], &["21"]),
            c("Örebro", &["702", "703"], &["19"]),
            c("Linköping", &["582", "583", "584"], &["13"]),
            c("Helsingborg", &["252", "253", "254"], &["42"]),
            c("Jönköping", &["553", "554", "555"], &["36"]),
            c("Norrköping", &["602", "603"], &["11"]),
            c("Lund", &["222", "223", "224"], &["46"]),
            c("Umeå", &["903", "904"], &["90"]),
            c("Gävle", &["802", "803"], &["26"]),
            c("Borås", &["503", "504", "506"], &["33"]),
            c("Södertälje", &["151", "152"], &["8"]),
        ],
        streets: &[
            "Storgatan", "Drottninggatan", "Kungsgatan", "Vasagatan", "Sveavägen", "Skolgatan",
            "Kyrkogatan", "Järnvägsgatan", "Parkvägen", "Strandvägen", "Södra vägen",
            "Hamngatan", "Östra Långgatan", "Björkvägen",
        ],
        street_style: StreetStyle::After,
        email_domains: &["telia.com", "spray.se", "bredband.net", "live.se"],
        tld: "se",
        company_words: &["bygg", "konsult", "transport", "fastigheter", "el"],
        web_paths: &["", "/", "/kontakt", "/om-oss", "/butik"],
        date_style: DateStyle::Iso,
        notes: SE_NOTES,
        invoice_prefix: "F-",
    },
    Locale {
        code: "GB",
        weight: 16,
        names: &["United Kingdom", "UK", "Great Britain"],
        male: &[
            "Oliver", "George", "Harry", "Jack", "Jacob", "Charlie", "Thomas", "James", "William",
            "Joshua", "Daniel", "David", "Paul", "Mark", "Andrew", "Richard", "Christopher",
            "Matthew", "Stephen", "Gareth", "Liam", "Callum", "Rhys", "Alistair",
        ],
        female: &[
            "Olivia", "Amelia", "Isla", "Ava", "Emily", "Sophie", "Grace", "Jessica", "Charlotte",
            "Emma", "Sarah", "Rebecca", "Hannah", "Lucy", "Claire", "Helen", "Karen", "Fiona",
            "Siobhan", "Niamh", "Chloe", "Zoë",
        ],
        surnames: &[
            "Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Thomas",
            "Johnson", "Roberts", "Robinson", "Thompson", "Wright", "Walker", "White", "Edwards",
            "Hughes", "Green", "Hall", "Lewis", "Harris", "Clarke", "Patel", "Jackson", "Wood",
            "Turner", "Martin", "Cooper", "Hill", "Ward", "Morris", "Moore", "Clark", "Lee",
            "King", "Baker", "Harrison", "Morgan", "Allen", "Scott", "Phillips", "Watson",
            "Parker", "Price", "Bennett", "Young", "Griffiths", "O'Brien", "MacDonald",
        ],
        cities: &[
            c("London", &["SW1A", "EC1A", "N1", "E14", "W1D", "SE1", "NW3"], &["207", "203", "208"]),
            c("Manchester", &["M1", "M4", "M20"], &["161"]),
            c("Birmingham", &["B1", "B15", "B29"], &["121/23567"]),
            c("Leeds", &["LS1", "LS6"], &["113/2358"]),
            c("Glasgow", &["G1", "G12"], &["141"]),
            c("Liverpool", &["L1", "L17"], &["151"]),
            c("Edinburgh", &["EH1", "EH10"], &["131/235678"]),
            c("Bristol", &["BS1", "BS8"], &["117/23"]),
            c("Sheffield", &["S1", "S10"], &["114/235"]),
            c("Cardiff", &["CF10", "CF24"], &["2920"]),
            c("Newcastle upon Tyne", &["NE1", "NE6"], &["191"]),
            c("Nottingham", &["NG1", "NG7"], &["115/2678"]),
            c("Leicester", &["LE1", "LE2"], &["116/23"]),
            c("Belfast", &["BT1", "BT9"], &["2890"]),
            c("Brighton", &["BN1", "BN2"], &["1273"]),
            c("Oxford", &["OX1", "OX4"], &["1865"]),
            c("Cambridge", &["CB1", "CB2"], &["1223"]),
        ],
        streets: &[
            "Baker Street", "High Street", "Station Road", "Church Lane", "Victoria Road",
            "Green Lane", "Park Road", "Manor Road", "Kings Road", "Queen's Road", "Mill Lane",
            "The Crescent", "Oxford Street", "London Road",
        ],
        street_style: StreetStyle::Before,
        email_domains: &[
            "btinternet.com", "sky.com", "yahoo.co.uk", "hotmail.co.uk", "virginmedia.com",
        ],
        tld: "co.uk",
        company_words: &["builders", "consulting", "plumbing", "lettings", "motors"],
        web_paths: &["", "/", "/contact-us", "/about", "/services"],
        date_style: DateStyle::SlashDmy,
        notes: EN_NOTES,
        invoice_prefix: "INV-",
    },
    Locale {
        code: "US",
        weight: 6,
        names: &["United States", "USA"],
        male: &[
            "James", "John", "Robert", "Michael", "William", "David", "Richard", "Joseph",
            "Thomas", "Christopher", "Daniel", "Matthew", "Anthony", "Mark", "Joshua", "Kevin",
            "Brian", "Ethan", "Tyler", "Jamal", "Carlos", "Luis",
        ],
        female: &[
            "Mary", "Patricia", "Jennifer", "Linda", "Elizabeth", "Barbara", "Susan", "Jessica",
            "Sarah", "Karen", "Emily", "Ashley", "Michelle", "Amanda", "Stephanie", "Madison",
            "Brittany", "Keisha", "Maria", "Guadalupe",
        ],
        surnames: &[
            "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis",
            "Rodriguez", "Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson",
            "Thomas", "Taylor", "Moore", "Jackson", "Martin", "Lee", "Perez", "Thompson", "White",
            "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson", "Walker", "Young",
            "Allen", "King", "Wright", "Scott", "Torres", "Nguyen", "Hill", "Flores", "Green",
            "Adams", "Nelson", "Baker", "Hall", "Rivera", "Campbell", "Mitchell", "Carter",
            "Roberts", "Kim", "O'Connor",
        ],
        cities: &[
            c("New York", &["100", "101", "102"], &["212", "646", "718"]),
            c("Los Angeles", &["900"], &["213", "310", "323"]),
            c("Chicago", &["606"], &["312", "773"]),
            c("Houston", &["770"], &["713", "832"]),
            c("Phoenix", &["850"], &["602", "480"]),
            c("Philadelphia", &["191"], &["215", "267"]),
            c("San Antonio", &["782"], &["210"]),
            c("San Diego", &["921"], &["619", "858"]),
            c("Dallas", &["752"], &["214", "469"]),
            c("San Francisco", &["941"], &["415", "628"]),
            c("Seattle", &["981"], &["206"]),
            c("Boston", &["021"], &["617"]),
            c("Denver", &["802"], &["303", "720"]),
            c("Atlanta", &["303"], &["404", "678"]),
            c("Miami", &["331"], &["305", "786"]),
            c("Portland", &["972"], &["503", "971"]),
        ],
        streets: &[
            "Main St", "Oak Street", "Maple Ave", "Park Avenue", "Elm St", "Washington Blvd",
            "Broadway", "Sunset Blvd", "Pine St", "Cedar Lane", "Lakeview Dr", "2nd Ave",
            "Market St", "Lincoln Ave",
        ],
        street_style: StreetStyle::Before,
        email_domains: &["yahoo.com", "aol.com", "comcast.net", "hotmail.com", "att.net"],
        tld: "com",
        company_words: &["construction", "consulting", "realty", "auto", "dental"],
        web_paths: &["", "/", "/about", "/contact", "/services"],
        date_style: DateStyle::SlashMdy,
        notes: EN_NOTES,
        invoice_prefix: "INV-",
    },
];

/// Bank identifiers used to build plausible BBANs.
pub const DE_BLZ: &[&str] = &[
    "37040044", "10070000", "50010517", "12030000", "20050550", "70150000", "43060967",
    "10010010", "60050101", "30050110", "44050199", "50070010",
];
pub const FR_BANKS: &[&str] = &["30004", "30003", "20041", "30002", "10278", "18206", "30066"];
pub const IT_ABI: &[&str] = &["03069", "02008", "05034", "01030", "03111", "05584", "03062"];
pub const ES_BANKS: &[&str] = &["2100", "0049", "0182", "0081", "2038", "0128", "1465"];
pub const NL_BANKS: &[&str] = &["ABNA", "INGB", "RABO", "SNSB", "ASNB", "TRIO", "KNAB", "BUNQ"];
pub const PL_BANKS: &[&str] = &["102", "105", "114", "109", "124", "116", "249"];
pub const SE_BANKS: &[&str] = &["500", "800", "600", "300", "950"];
/// (bank code, first two digits of the sort code)
pub const GB_BANKS: &[(&str, &str)] =
    &[("NWBK", "60"), ("BARC", "20"), ("LOYD", "30"), ("HBUK", "40"), ("MIDL", "40")];

/// Mobile prefixes of the national significant number; the subscriber part
/// length is chosen so the total length is exactly what libphonenumber
/// expects for that range (see `phone` in mod.rs).
pub const DE_MOBILE: &[&str] = &[
    "151", "152", "157", "159", "160", "162", "163", "170", "171", "172", "173", "174", "175",
    "176", "177", "178", "179",
];
pub const IT_MOBILE: &[&str] = &[
    "320", "324", "327", "328", "329", "330", "331", "333", "334", "335", "336", "337", "338",
    "339", "340", "342", "345", "346", "347", "348", "349", "350", "351", "360", "366", "368",
    "370", "371", "373", "377", "380", "383", "388", "389", "391", "392", "393",
];
pub const PL_MOBILE: &[&str] =
    &["50", "51", "53", "57", "60", "66", "69", "72", "73", "78", "79", "88"];
pub const SE_MOBILE: &[&str] = &["70", "72", "73", "76", "79"];
pub const GB_MOBILE: &[&str] = &[
    "7400", "7412", "7432", "7443", "7469", "7480", "7501", "7538", "7557", "7580", "7711",
    "7722", "7734", "7747", "7760", "7775", "7801", "7811", "7817", "7841", "7852", "7867",
    "7890", "7903", "7920", "7943", "7958", "7966", "7971", "7985",
];
