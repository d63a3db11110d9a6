"""The word lists bench.seed draws from: names, organisations, places, roles and topics.

Fictional integrated care system, plausible people. Names come in origin groups so a first
name usually meets a surname from the same group (and sometimes not, as in life); the group
weights roughly follow the NHS and social care workforce in an English city region.
"""
from __future__ import annotations

# --- People -------------------------------------------------------------------------------

# group: (weight, female first names, male first names, surnames); earlier surnames are commoner.
NAME_GROUPS: dict[str, tuple[float, list[str], list[str], list[str]]] = {
    "british": (0.60, [
        "Sarah", "Emma", "Claire", "Rachel", "Helen", "Laura", "Emily", "Charlotte", "Sophie",
        "Hannah", "Rebecca", "Katherine", "Joanne", "Nicola", "Lisa", "Amy", "Lucy", "Victoria",
        "Jennifer", "Elizabeth", "Catherine", "Anna", "Louise", "Gemma", "Kirsty", "Fiona",
        "Eleanor", "Alice", "Jessica", "Olivia", "Grace", "Ruth", "Julie", "Karen", "Alison",
        "Deborah", "Susan", "Jane", "Margaret", "Caroline", "Heather", "Hayley", "Zoë",
        "Natalie", "Stephanie", "Samantha", "Michelle", "Jade", "Bethan", "Cerys", "Siân",
        "Rhiannon", "Megan", "Ffion", "Morag", "Eilidh", "Isla", "Kerry", "Siobhan", "Niamh",
        "Aoife", "Ciara", "Mairead", "Philippa", "Harriet", "Frances", "Abigail", "Lydia",
    ], [
        "James", "David", "John", "Michael", "Paul", "Mark", "Andrew", "Richard", "Thomas",
        "Daniel", "Matthew", "Christopher", "Stephen", "Peter", "Robert", "Simon", "Jonathan",
        "Benjamin", "Samuel", "Oliver", "William", "Jack", "Luke", "Adam", "Gareth", "Rhys",
        "Owen", "Dylan", "Iwan", "Iain", "Ewan", "Callum", "Fraser", "Angus", "Ciaran", "Seán",
        "Declan", "Conor", "Patrick", "Niall", "Alistair", "Rupert", "Timothy", "Nicholas",
    ], [
        "Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Thomas",
        "Johnson", "Roberts", "Robinson", "Thompson", "Wright", "Walker", "White", "Edwards",
        "Hughes", "Green", "Hall", "Lewis", "Harris", "Clarke", "Jackson", "Wood", "Turner",
        "Martin", "Cooper", "Hill", "Ward", "Morris", "Moore", "Clark", "King", "Baker",
        "Harrison", "Morgan", "Allen", "James", "Scott", "Phillips", "Watson", "Parker",
        "Price", "Bennett", "Young", "Griffiths", "Mitchell", "Kelly", "Cook", "Carter",
        "Richardson", "Bailey", "Collins", "Bell", "Shaw", "Murphy", "Miller", "Cox",
        "Richards", "Marshall", "Anderson", "Simpson", "Ellis", "Adams", "Wilkinson", "Foster",
        "Chapman", "Powell", "Webb", "Rogers", "Gray", "Mason", "Campbell", "Stewart",
        "Macdonald", "MacLeod", "Fraser", "Murray", "Reid", "Ross", "Paterson", "Henderson",
        "Sutherland", "Docherty", "Llewellyn", "Pritchard", "Rees", "Vaughan", "Jenkins",
        "Owen", "Bowen", "Parry", "O'Brien", "O'Connor", "O'Neill", "Byrne", "Ryan", "Doyle",
        "McCarthy", "Gallagher", "Kennedy", "Quinn", "Walsh", "Fitzgerald", "Cohen", "Levy",
        "Hargreaves", "Whitfield", "Ashworth", "Holloway", "Fairbairn", "Pemberton",
        "Ramsbottom", "Featherstone", "Sinclair", "Abernethy", "Blackwood", "Thornton",
    ]),
    "south_asian": (0.15, [
        "Priya", "Anjali", "Aisha", "Fatima", "Zainab", "Nadia", "Sana", "Ayesha", "Farah",
        "Shabana", "Rukhsana", "Nasreen", "Parveen", "Sunita", "Kavita", "Neha", "Pooja",
        "Deepa", "Meera", "Asha", "Harpreet", "Simran", "Jaspreet", "Gurpreet", "Shazia",
        "Tahmina", "Nusrat", "Anika",
    ], [
        "Mohammed", "Ahmed", "Imran", "Tariq", "Asif", "Bilal", "Usman", "Hamza", "Raj", "Ravi",
        "Sanjay", "Vikram", "Arjun", "Rohan", "Amit", "Anil", "Sunil", "Harjit", "Manpreet",
        "Gurdeep", "Faisal", "Zubair", "Shahid", "Nikhil",
    ], [
        "Patel", "Khan", "Singh", "Begum", "Ali", "Hussain", "Ahmed", "Shah", "Sharma", "Gupta",
        "Kumar", "Mistry", "Chauhan", "Joshi", "Mehta", "Desai", "Iyer", "Nair", "Menon",
        "Reddy", "Rao", "Chowdhury", "Rahman", "Islam", "Uddin", "Miah", "Akhtar", "Iqbal",
        "Malik", "Butt", "Qureshi", "Siddiqui", "Sandhu", "Gill", "Dhillon", "Bains", "Kaur",
        "Raman", "Karim", "Sheikh", "Begum-Rahman",
    ]),
    "african": (0.08, [
        "Ngozi", "Chioma", "Adaeze", "Funmilayo", "Adebola", "Abena", "Akosua", "Ama",
        "Yetunde", "Folake", "Blessing", "Precious", "Nkechi", "Tendai", "Chipo", "Wanjiru",
        "Esi", "Comfort",
    ], [
        "Kwame", "Kofi", "Kwabena", "Chukwuemeka", "Emeka", "Oluwaseun", "Tunde", "Babajide",
        "Olumide", "Femi", "Chidi", "Ifeanyi", "Tafadzwa", "Tinashe", "Kagiso", "Yaw",
    ], [
        "Okafor", "Okoro", "Adeyemi", "Adebayo", "Oyelaran", "Mensah", "Asante", "Boateng",
        "Owusu", "Osei", "Nwosu", "Eze", "Okonkwo", "Ogunleye", "Balogun", "Abiodun",
        "Chikwanha", "Moyo", "Ndlovu", "Mwangi", "Otieno", "Adeyemi-Jones", "Ogunbanjo",
    ]),
    "caribbean": (0.03, [
        "Marcia", "Paulette", "Claudette", "Sharon", "Jacqueline", "Beverley", "Yvonne",
        "Simone", "Tanisha", "Kemi",
    ], [
        "Winston", "Delroy", "Leroy", "Clive", "Marcus", "Andre", "Devon", "Jermaine",
    ], [
        "Campbell", "Francis", "Grant", "Samuels", "Henry", "Lawrence", "Forbes", "Barrett",
        "McKenzie", "Bailey", "Gordon", "Spencer", "Thomas",
    ]),
    "east_asian": (0.03, [
        "Mei", "Xin", "Ying", "Jing", "Lan", "Hui", "Thu", "Linh", "Yuki",
    ], [
        "Wei", "Jun", "Hao", "Ming", "Kai", "Minh", "Tuan", "Kenji",
    ], [
        "Chen", "Wang", "Li", "Zhang", "Liu", "Wong", "Chan", "Lam", "Ng", "Cheung", "Nguyen",
        "Tran", "Tanaka", "Ho",
    ]),
    "european": (0.05, [
        "Agnieszka", "Katarzyna", "Magdalena", "Joanna", "Ewa", "Ana", "Maria", "Elena",
        "Ioana", "Giulia", "Sofia", "Inês", "Chloé", "Eleni", "Ingrid",
    ], [
        "Piotr", "Tomasz", "Marek", "Krzysztof", "Andrzej", "Luca", "Marco", "Pablo", "Javier",
        "Andrei", "Mihai", "Nikos", "João", "Stefan", "Lukas",
    ], [
        "Nowak", "Wiśniewski", "Lewandowski", "Zielinski", "Popescu", "Ionescu", "Rossi",
        "Russo", "Bianchi", "Garcia", "Fernandes", "Silva", "Santos", "Rodrigues",
        "Papadopoulos", "Müller", "Schmidt", "Novak", "Horvat", "Jansen",
    ]),
    "filipino": (0.025, [
        "Maricel", "Rowena", "Jocelyn", "Marites", "Rosalie", "Jennylyn", "Cristina", "Lourdes",
    ], [
        "Jose", "Ramon", "Rodel", "Jomar", "Arnel", "Rommel",
    ], [
        "Santos", "Reyes", "Cruz", "Bautista", "Dela Cruz", "Mendoza", "Garcia", "Villanueva",
        "Aquino", "Castillo",
    ]),
    "keralan": (0.02, [
        "Anju", "Bincy", "Jincy", "Sini", "Ancy", "Reshma", "Divya", "Sheeba", "Smitha",
    ], [
        "Jijo", "Shibu", "Biju", "Renjith", "Anish", "Jobin",
    ], [
        "Mathew", "Joseph", "Varghese", "George", "Kurian", "Thomas", "Jacob", "Abraham",
        "Chacko", "Philip",
    ]),
    "middle_eastern": (0.025, [
        "Leyla", "Elif", "Yasmin", "Mariam", "Noor", "Hodan", "Amina", "Fadumo", "Rania",
        "Dina",
    ], [
        "Omar", "Yusuf", "Khalid", "Mustafa", "Emre", "Karim", "Abdullahi", "Samir", "Tarek",
    ], [
        "Haddad", "Mansour", "Yilmaz", "Demir", "Abdi", "Farah", "Hassan", "Mohamed", "Aziz",
        "Nasser", "Saleh", "Kaya",
    ]),
}
FEMALE_SHARE = 0.75  # roughly the NHS workforce

# --- Disciplines --------------------------------------------------------------------------

# Share of members per discipline (community/disciplines.py keys); nursing and medicine lead.
DISCIPLINE_WEIGHTS: dict[str, float] = {
    "nursing": 28, "medicine": 18, "allied-health": 12, "management": 10, "social-care": 7,
    "pharmacy": 5, "midwifery": 4, "public-health": 4, "psychology": 4,
    "healthcare-science": 3, "dentistry": 2, "other": 3,
}

JOB_TITLES: dict[str, list[str]] = {
    "nursing": [
        "Chief Nurse", "Deputy Chief Nurse", "Director of Nursing", "Deputy Director of Nursing",
        "Head of Nursing", "Matron", "Ward Manager", "Senior Sister", "Charge Nurse",
        "Advanced Nurse Practitioner", "Clinical Nurse Specialist", "District Nursing Team Leader",
        "Practice Nurse", "Community Matron", "Lead Nurse for Safeguarding",
        "Nurse Consultant", "Lead Nurse, Infection Prevention", "Care Home Liaison Nurse",
        "Mental Health Nurse Practitioner", "Practice Development Nurse",
    ],
    "midwifery": [
        "Director of Midwifery", "Head of Midwifery", "Consultant Midwife",
        "Community Midwife Team Lead", "Labour Ward Coordinator", "Specialist Midwife",
        "Professional Midwifery Advocate", "Maternity Safety Champion",
    ],
    "medicine": [
        "Medical Director", "Deputy Medical Director", "Clinical Director", "Consultant Physician",
        "Consultant Geriatrician", "Consultant in Emergency Medicine", "Consultant Psychiatrist",
        "Consultant Anaesthetist", "Consultant Paediatrician", "Consultant Surgeon",
        "GP Partner", "Salaried GP", "PCN Clinical Director", "Associate Specialist",
        "Specialty Registrar", "Chief Clinical Information Officer", "Guardian of Safe Working",
        "Consultant in Palliative Medicine",
    ],
    "allied-health": [
        "Head of Therapies", "Advanced Practice Physiotherapist", "Lead Occupational Therapist",
        "Speech and Language Therapy Lead", "Consultant Paramedic", "Specialist Paramedic",
        "First Contact Practitioner", "Lead Dietitian", "Podiatry Service Lead",
        "Clinical Lead Radiographer", "Orthoptist", "Arts Therapies Lead",
        "AHP Professional Lead", "Rehabilitation Team Lead",
    ],
    "pharmacy": [
        "Chief Pharmacist", "Deputy Chief Pharmacist", "PCN Clinical Pharmacist",
        "Medicines Optimisation Lead", "Community Pharmacy Clinical Lead",
        "Consultant Pharmacist", "Pharmacy Technician", "Antimicrobial Pharmacist",
        "Care Homes Pharmacist",
    ],
    "healthcare-science": [
        "Lead Clinical Scientist", "Head of Pathology Network", "Clinical Physiologist",
        "Consultant Clinical Scientist", "Biomedical Scientist", "Head of Medical Physics",
        "Audiology Service Lead", "Genomics Lead",
    ],
    "psychology": [
        "Consultant Clinical Psychologist", "Clinical Psychologist", "Counselling Psychologist",
        "Clinical Lead, Talking Therapies", "Organisational Psychologist",
        "Health Psychologist", "Psychological Wellbeing Practitioner Lead",
    ],
    "dentistry": [
        "Community Dental Service Lead", "Consultant in Dental Public Health",
        "Specialist in Special Care Dentistry", "Consultant Orthodontist", "Dental Practice Owner",
        "Clinical Director, Community Dentistry",
    ],
    "social-care": [
        "Assistant Director of Adult Social Care", "Principal Social Worker",
        "Registered Manager", "Deputy Care Home Manager", "Team Manager, Hospital Social Work",
        "Senior Social Worker", "Approved Mental Health Professional", "Head of Commissioning",
        "Reablement Service Manager", "Director of Adult Social Services",
    ],
    "public-health": [
        "Director of Public Health", "Consultant in Public Health", "Public Health Registrar",
        "Health Improvement Lead", "Public Health Intelligence Analyst",
        "Population Health Manager", "Health Inequalities Lead",
    ],
    "management": [
        "Director of Transformation", "Operations Director", "Head of Workforce Planning",
        "Programme Director, Urgent and Emergency Care", "Service Manager",
        "Divisional General Manager", "Head of Quality Improvement", "Chief Operating Officer",
        "Place Director", "Head of Digital Transformation", "Business Manager",
        "Head of Organisational Development", "Improvement Advisor", "Practice Manager",
    ],
    "other": [
        "Patient and Carer Partner", "Voluntary Sector Partnerships Lead",
        "Programme Lead, Leadership Academy", "Chaplaincy Lead", "Healthwatch Manager",
        "Research Fellow", "Social Prescribing Link Worker", "Freedom to Speak Up Guardian",
        "Community Development Worker",
    ],
}

# --- Places and organisations -------------------------------------------------------------

PLACES = [
    "Northfield", "Riverside", "Eastgate", "Southbank", "Westbrook", "Kingsmead",
    "Ashford Vale", "Holloway Green", "Marshside", "Oakhampton", "Fenwick", "Stanmoor",
    "Bramley", "Castleford Heath", "Hartley Bridge", "Millbrook", "Redcliffe", "Thornbury",
    "Wexham", "Elmstead", "Greyfriars", "Lowther", "Saltmarsh", "Cranleigh Park", "Dunmore",
]

# name, kind, place ("" for system-wide), relative size, email domain
ORGANISATIONS: list[tuple[str, str, str, float, str]] = [
    ("Northfield and Riverside Integrated Care Board", "icb", "", 4, "nhs.net"),
    ("Southbank and Eastgate Integrated Care Board", "icb", "", 3, "nhs.net"),
    ("NHS England North Region", "national", "", 1.5, "nhs.net"),
    ("Riverside University Hospitals NHS Trust", "acute", "Riverside", 14, "nhs.net"),
    ("Northfield General Hospital NHS Foundation Trust", "acute", "Northfield", 11, "nhs.net"),
    ("Eastgate and Marshside Hospitals NHS Trust", "acute", "Eastgate", 9, "nhs.net"),
    ("Southbank Teaching Hospitals NHS Foundation Trust", "acute", "Southbank", 12, "nhs.net"),
    ("Kingsmead Hospital NHS Foundation Trust", "acute", "Kingsmead", 6, "nhs.net"),
    ("Westbrook Children's Hospital NHS Foundation Trust", "acute", "Westbrook", 4, "nhs.net"),
    ("Northfield Community Health Trust", "community", "Northfield", 6, "nhs.net"),
    ("Riverside Community Healthcare NHS Trust", "community", "Riverside", 5, "nhs.net"),
    ("Northfield Mental Health Partnership", "mental-health", "Northfield", 6, "nhs.net"),
    ("Southbank and Eastgate Mental Health NHS Foundation Trust", "mental-health", "Southbank",
     6, "nhs.net"),
    ("Northern Counties Ambulance Service NHS Foundation Trust", "ambulance", "", 4, "nhs.net"),
    ("Southbank Pathology Network", "pathology", "Southbank", 1.5, "nhs.net"),
    ("Southbank Maternity Alliance", "maternity", "Southbank", 1, "nhs.net"),
    ("Riverside Community Dental Service", "dental", "Riverside", 0.8, "nhs.net"),
    ("Northfield Council", "council", "Northfield", 3, "northfield.gov.uk"),
    ("Eastgate Borough Council", "council", "Eastgate", 2.5, "eastgate.gov.uk"),
    ("Riverside City Council", "council", "Riverside", 3, "riverside.gov.uk"),
    ("Southbank Borough Council", "council", "Southbank", 2.5, "southbank.gov.uk"),
    ("Westbrook Metropolitan Borough Council", "council", "Westbrook", 2, "westbrook.gov.uk"),
    ("Kingsmead County Council", "council", "Kingsmead", 2.5, "kingsmead.gov.uk"),
    ("Ashford Vale District Council", "council", "Ashford Vale", 1, "ashfordvale.gov.uk"),
    ("Marshside Borough Council", "council", "Marshside", 1.5, "marshside.gov.uk"),
    ("Eastgate Primary Care Network", "pcn", "Eastgate", 1.2, "nhs.net"),
    ("Northfield Central Primary Care Network", "pcn", "Northfield", 1.2, "nhs.net"),
    ("Riverside North Primary Care Network", "pcn", "Riverside", 1.2, "nhs.net"),
    ("Bramley and Millbrook Primary Care Network", "pcn", "Bramley", 1, "nhs.net"),
    ("Hartley Bridge Primary Care Network", "pcn", "Hartley Bridge", 0.9, "nhs.net"),
    ("Oakhampton Health Partnership", "pcn", "Oakhampton", 0.9, "nhs.net"),
    ("Fenwick and Stanmoor Primary Care Network", "pcn", "Fenwick", 0.9, "nhs.net"),
    ("Thornbury Primary Care Network", "pcn", "Thornbury", 0.8, "nhs.net"),
    ("Greyfriars Primary Care Network", "pcn", "Greyfriars", 0.8, "nhs.net"),
    ("Redcliffe and Wexham Primary Care Network", "pcn", "Redcliffe", 0.9, "nhs.net"),
    ("Elmstead Valley Primary Care Network", "pcn", "Elmstead", 0.8, "nhs.net"),
    ("Castleford Heath Primary Care Network", "pcn", "Castleford Heath", 0.8, "nhs.net"),
    ("Southbank Riverside Primary Care Network", "pcn", "Southbank", 1, "nhs.net"),
    ("Saltmarsh Coastal Primary Care Network", "pcn", "Saltmarsh", 0.7, "nhs.net"),
    ("Kingsmead GP Federation", "pcn", "Kingsmead", 1, "nhs.net"),
    ("Willow Court Care Home", "care-home", "Southbank", 0.4, "willowcourt.co.uk"),
    ("Oakleigh House Nursing Home", "care-home", "Oakhampton", 0.4, "oakleighhouse.co.uk"),
    ("The Beeches Residential Home", "care-home", "Bramley", 0.3, "thebeeches-care.co.uk"),
    ("Meadowbank Care Centre", "care-home", "Millbrook", 0.4, "meadowbankcare.co.uk"),
    ("St Anne's Nursing Home", "care-home", "Greyfriars", 0.3, "stannesnursing.org.uk"),
    ("Rosewood Lodge", "care-home", "Lowther", 0.3, "rosewoodlodge.co.uk"),
    ("Ashgrove Care Home", "care-home", "Ashford Vale", 0.3, "ashgrovecare.co.uk"),
    ("Cedar Park Nursing Home", "care-home", "Cranleigh Park", 0.3, "cedarparknursing.co.uk"),
    ("Hollybank House", "care-home", "Dunmore", 0.3, "hollybankhouse.co.uk"),
    ("Elm Tree Court", "care-home", "Elmstead", 0.3, "elmtreecourt.co.uk"),
    ("Southbank Community Voluntary Services", "voluntary", "Southbank", 0.6, "southbankcvs.org.uk"),
    ("Northfield Carers Centre", "voluntary", "Northfield", 0.5, "northfieldcarers.org.uk"),
    ("Eastgate Community Action", "voluntary", "Eastgate", 0.5, "eastgateaction.org.uk"),
    ("Marshside Food Network", "voluntary", "Marshside", 0.3, "marshsidefood.org.uk"),
    ("Healthwatch Northfield", "voluntary", "Northfield", 0.3, "healthwatchnorthfield.co.uk"),
    ("Northfield Refugee Support", "voluntary", "Northfield", 0.3, "nrs.org.uk"),
    ("Kingsmead Hospice", "hospice", "Kingsmead", 0.8, "kingsmeadhospice.org.uk"),
    ("St Luke's Hospice Westbrook", "hospice", "Westbrook", 0.7, "stlukeswestbrook.org.uk"),
    ("University of Northfield", "university", "Northfield", 1.2, "northfield.ac.uk"),
    ("Riverside Health Innovation Network", "innovation", "", 0.6, "rhin.org.uk"),
]

# Where each discipline works (organisation kinds).
WORKPLACES: dict[str, list[str]] = {
    "nursing": ["acute", "community", "mental-health", "care-home", "pcn", "hospice",
                "ambulance", "icb", "university"],
    "midwifery": ["acute", "maternity", "icb", "university"],
    "medicine": ["acute", "mental-health", "community", "pcn", "icb", "ambulance", "hospice",
                 "university", "national"],
    "allied-health": ["acute", "community", "mental-health", "pcn", "council", "ambulance",
                      "hospice"],
    "pharmacy": ["acute", "pcn", "community", "mental-health", "icb"],
    "healthcare-science": ["acute", "pathology", "university"],
    "psychology": ["mental-health", "acute", "community", "university"],
    "dentistry": ["dental", "community", "acute", "council"],
    "social-care": ["council", "care-home", "voluntary", "hospice", "mental-health"],
    "public-health": ["council", "icb", "university", "national"],
    "management": ["acute", "community", "mental-health", "icb", "council", "pcn", "national",
                   "ambulance", "innovation", "care-home"],
    "other": ["icb", "voluntary", "university", "council", "innovation", "acute", "hospice"],
}

# --- Interests and expertise --------------------------------------------------------------

# Commonest first: a member's interests are drawn with weights falling along this list.
INTERESTS = [
    "quality improvement", "system leadership", "workforce", "population health",
    "health inequalities", "staff wellbeing", "patient safety", "digital", "frailty",
    "compassionate leadership", "prevention", "integrated care", "urgent care",
    "hospital discharge", "mental health", "primary care", "co-production", "coaching",
    "data", "leadership development", "care homes", "dementia", "end of life care",
    "equality, diversity and inclusion", "clinical governance", "long-term conditions",
    "children and young people", "maternity", "rehabilitation", "medicines optimisation",
    "research", "education and training", "community development", "social prescribing",
    "safeguarding", "learning disabilities", "anticipatory care", "virtual wards",
    "neighbourhood teams", "carers", "homelessness", "diagnostics", "elective recovery",
    "net zero", "artificial intelligence", "cancer", "diabetes", "cardiovascular disease",
    "respiratory", "stroke", "musculoskeletal", "oral health", "infection prevention",
    "antimicrobial stewardship", "sexual health", "substance misuse", "suicide prevention",
    "perinatal mental health", "autism", "multiple long-term conditions", "health literacy",
    "patient experience", "freedom to speak up", "just culture", "human factors",
    "restorative supervision", "retention", "international recruitment", "apprenticeships",
    "advanced practice", "allied health leadership", "nursing leadership",
    "anchor institutions", "health and housing", "domestic abuse", "refugee health",
    "veterans' health", "rural health", "genomics", "falls prevention",
]

# Topics a discipline leans towards, on top of the common ones.
DISCIPLINE_INTERESTS: dict[str, list[str]] = {
    "nursing": ["nursing leadership", "patient safety", "care homes", "infection prevention",
                "retention", "international recruitment", "falls prevention"],
    "midwifery": ["maternity", "perinatal mental health", "health inequalities", "retention"],
    "medicine": ["urgent care", "elective recovery", "clinical governance", "cancer",
                 "multiple long-term conditions", "virtual wards"],
    "allied-health": ["rehabilitation", "allied health leadership", "musculoskeletal",
                      "advanced practice", "falls prevention", "stroke"],
    "pharmacy": ["medicines optimisation", "antimicrobial stewardship", "long-term conditions",
                 "care homes"],
    "healthcare-science": ["diagnostics", "genomics", "artificial intelligence", "research"],
    "psychology": ["staff wellbeing", "mental health", "compassionate leadership",
                   "restorative supervision", "autism"],
    "dentistry": ["oral health", "prevention", "learning disabilities", "care homes"],
    "social-care": ["hospital discharge", "care homes", "carers", "safeguarding", "dementia",
                    "domestic abuse"],
    "public-health": ["population health", "health inequalities", "prevention",
                      "health and housing", "substance misuse", "anchor institutions"],
    "management": ["system leadership", "data", "digital", "elective recovery",
                   "integrated care", "net zero"],
    "other": ["co-production", "community development", "patient experience", "carers",
              "social prescribing", "refugee health"],
}

EXPERTISE = [
    "improvement science", "lean", "statistical process control", "coaching", "facilitation",
    "clinical audit", "health economics", "business cases", "data analysis", "co-production",
    "programme management", "clinical safety", "procurement", "organisational development",
    "systems thinking", "action learning", "simulation training", "research methods",
    "evaluation", "public speaking", "policy writing", "negotiation", "change management",
    "patient safety investigation", "human factors", "workforce planning",
    "digital transformation", "population health management", "medicines governance",
    "safeguarding",
]

# community/members/models.py OPEN_TO keys, with how often members offer each.
OFFER_WEIGHTS = {"collaboration": 30, "mentoring": 25, "shadowing": 20, "coaching": 15,
                 "speaking": 10}

# --- Bios ---------------------------------------------------------------------------------

BIO_OPENERS = [
    "I am {title} at {organisation}.",
    "{title} at {organisation}, working across {place}.",
    "I work as {title} at {organisation} and care a great deal about **{interest}**.",
    "Currently {title} with {organisation}. Before that I spent years in frontline practice.",
    "I lead on {interest} for {organisation}.",
]
BIO_CLOSERS = [
    "Happy to talk to anyone working on {interest}.",
    "Always keen to hear how other places tackle {interest}.",
    "I would love to connect with colleagues from other professions.",
    "Ask me about {interest}: I have made plenty of mistakes worth learning from.",
    "Open to shadowing visits both ways.",
    "Part of the academy's first cohort of action learning sets.",
]
