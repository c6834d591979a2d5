package org.organisermetrics.generate;

/** Word lists for made-up but plausible people, streets, wards and issues. */
final class Names {
    private Names() {}

    static final String[] FIRST = {"Oliver", "Amelia", "George", "Isla", "Harry", "Ava", "Noah", "Mia", "Jack", "Ivy",
        "Leo", "Lily", "Arthur", "Florence", "Muhammad", "Freya", "Oscar", "Grace", "Charlie", "Sophia", "Jacob",
        "Emily", "Thomas", "Poppy", "Alfie", "Evie", "Henry", "Ella", "William", "Rosie", "James", "Aisha", "Daniel",
        "Priya", "Samuel", "Chloe", "Joseph", "Zara", "David", "Fatima", "Michael", "Hannah", "Adam", "Sarah",
        "Ryan", "Megan", "Kwame", "Amara", "Tomasz", "Agnieszka", "Ravi", "Anjali", "Sean", "Siobhan", "Rhys",
        "Cerys", "Callum", "Eilidh", "Ibrahim", "Yasmin", "Peter", "Margaret", "John", "Susan", "Paul", "Linda",
        "Mark", "Karen", "Andrew", "Julie", "Stephen", "Patricia", "Gary", "Janet", "Kevin", "Maureen", "Wei",
        "Mei", "Chinedu", "Ngozi"};

    static final String[] LAST = {"Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies",
        "Patel", "Robinson", "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Thomas",
        "Clarke", "Jackson", "Wood", "Harris", "Edwards", "Turner", "Martin", "Cooper", "Hill", "Ward", "Hughes",
        "Moore", "Clark", "King", "Harrison", "Lewis", "Baker", "Lee", "Allen", "Morris", "Khan", "Scott",
        "Watson", "Davis", "Parker", "James", "Bennett", "Young", "Phillips", "Richardson", "Mitchell", "Bailey",
        "Carter", "Cook", "Singh", "Shaw", "Bell", "Collins", "Morgan", "Kelly", "Begum", "Ali", "Ahmed", "Hussain",
        "Campbell", "Stewart", "MacDonald", "Murphy", "O'Brien", "Kowalski", "Nowak", "Okafor", "Mensah", "Chen",
        "Nguyen", "Price", "Griffiths", "Lloyd", "Reid", "Fraser", "Sharma"};

    static final String[] STREET = {"High", "Church", "Station", "Victoria", "Park", "Mill", "School", "Queen's",
        "King's", "North", "South", "London", "Manor", "Chapel", "Green", "Albert", "Grange", "Springfield",
        "Windsor", "York", "Oak", "Elm", "Beech", "Ash", "Cedar", "Willow", "Meadow", "Orchard", "Brook", "Hill",
        "Castle", "Bridge", "Market", "Well", "New", "Princes", "Cromwell", "Nelson", "Wellington", "Kingsway"};

    static final String[] STREET_KIND = {"Street", "Road", "Lane", "Avenue", "Close", "Grove", "Way", "Drive",
        "Crescent", "Gardens", "Terrace", "Place"};

    static final String[] WARD = {"Abbey", "Alexandra", "Beacon", "Bridge", "Brookside", "Castle", "Central",
        "Chapel End", "Church", "Clayhall", "Cranbrook", "Eastbrook", "Fairlop", "Goresbrook", "Grange",
        "Heath", "Hillside", "Holywell", "Hylands", "Kingsley", "Longbridge", "Manor", "Mayfield", "Meadow",
        "Moorside", "Newtown", "Northfield", "Oakfield", "Orchard", "Parkside", "Priory", "Queensway",
        "Riverside", "St Andrew's", "St John's", "St Mary's", "Southfield", "Springfield", "Thames",
        "Town Centre", "Upton", "Valley", "Village", "Westbury", "Whalebone", "Woodlands"};

    static final String[] WARD_SUFFIX = {"", " North", " South", " East", " West", " and District", " Park"};

    /** Issue codes residents raise (issue_code is free, upper-case). */
    static final String[] ISSUES = {"HOUSING", "COST_OF_LIVING", "NHS", "SOCIAL_CARE", "POTHOLES", "BUSES",
        "ANTISOCIAL_BEHAVIOUR", "LITTER", "SCHOOLS", "YOUTH_SERVICES", "PARKS", "FLOODING", "HIGH_STREET",
        "CHILDCARE"};

    /** Postcode letters that never appear in the inward unit. */
    static final String UNIT_LETTERS = "ABDEFGHJLNPQRSTUWXYZ";

    /** Made-up postcode areas (one or two letters), plausible rather than real. */
    static final String[] POST_AREA = {"AB", "BX", "CY", "DQ", "EJ", "FV", "GQ", "HX", "JQ", "KX", "LQ", "MQ",
        "NX", "PQ", "QA", "QB", "QC", "QD", "RX", "SQ", "TQ", "UQ", "VX", "WQ", "XA", "XB", "YQ", "ZA", "ZB", "ZC"};
}
