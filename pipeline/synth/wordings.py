"""The two disjoint wording sets of the mail generator: `tuning` and `heldout`.

Each set holds its own sentence templates, subjects, closing formulas, fonts and
non-client names, so that an evaluation tuned on one set can be reported on the
other. Templates are `str.format_map` strings; the placeholders are filled by
`pipeline.synth.scenario` ({e} is the writer's feminine agreement, "e" or "").

Category keys are the ACPR complaint categories and the non-complaint kinds below.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.record import Category

# Complaint categories (ACPR 2022-R-01 families).
AVANT_VENTE, GESTION, COTISATION, SINISTRE, RESILIATION, SERVICE, DONNEES, AUTRE = (
    c.value for c in Category)
COMPLAINT_CATEGORIES = tuple(c.value for c in Category)

# Non-complaint categories.
ATTESTATION = "demande d'attestation"
DOCUMENT = "demande de document"
INFORMATION = "demande d'information"
ADRESSE = "changement d'adresse"
DEVIS = "demande de devis"
PUBLICITE = "publicité"
REQUEST_CATEGORIES = (ATTESTATION, DOCUMENT, INFORMATION, ADRESSE, DEVIS)

Person = tuple[str, str, str]  # civilite, prenom, nom

FONT_DIRS = ("/usr/share/fonts/truetype", "/usr/share/fonts/opentype")


@dataclass(frozen=True)
class WordingSet:
    name: str
    scan_fonts: tuple[str, ...]  # file names searched under FONT_DIRS (first found wins)
    pdf_fonts: tuple[str, ...]  # TrueType only (fpdf2 text layer)
    people: tuple[Person, ...]  # non-clients
    lawyers: tuple[Person, ...]
    associations: tuple[tuple[str, str, str], ...]  # name, street, postal code + town
    streets: tuple[str, ...]
    subjects: dict[str, tuple[str, ...]]
    intro_client: tuple[str, ...]
    grievances: dict[str, tuple[str, ...]]
    feelings: tuple[str, ...]
    demands: tuple[str, ...]
    threat: tuple[str, ...]
    copy_mediator: tuple[str, ...]
    seize: tuple[str, ...]
    med_intro: tuple[str, ...]
    med_grievances: dict[str, tuple[str, ...]]
    med_history: tuple[str, ...]
    med_demands: tuple[str, ...]
    refusal: tuple[str, ...]
    refusal_demands: tuple[str, ...]
    other_org_intro: tuple[str, ...]
    elsewhere_intro: tuple[str, ...]
    elsewhere_grievances: dict[str, tuple[str, ...]]
    elsewhere_demands: tuple[str, ...]
    rep_intro: dict[str, tuple[str, ...]]
    rep_grievances: dict[str, tuple[str, ...]]
    rep_demands: tuple[str, ...]
    rep_address: tuple[str, ...]
    prospect_intro: tuple[str, ...]
    prospect_grievances: tuple[str, ...]
    tiers_intro: tuple[str, ...]
    tiers_grievances: tuple[str, ...]
    angry_attestation: tuple[str, ...]
    requests: dict[str, tuple[str, ...]]
    request_closings: tuple[str, ...]
    ads: tuple[str, ...]
    ad_senders: tuple[tuple[str, str], ...]  # company, email
    chronology: tuple[str, ...]
    arguments: tuple[str, ...]
    closings: tuple[str, ...]  # {appel} is the greeting without its comma
    email_greetings: tuple[str, ...]
    email_closings: tuple[str, ...]
    attached_notes: tuple[str, ...]
    forward_notes: tuple[str, ...]
    enclosures: tuple[str, ...]


TUNING = WordingSet(
    name="tuning",
    scan_fonts=("DejaVuSerif.ttf", "LiberationSerif-Regular.ttf", "LiberationSans-Regular.ttf",
                "FreeSerif.ttf", "DejaVuSans.ttf"),
    pdf_fonts=("LiberationSans-Regular.ttf", "DejaVuSerif.ttf", "FreeSerif.ttf"),
    people=(
        ("Mme", "Catherine", "Fournier"), ("M.", "Laurent", "Chevalier"),
        ("Mme", "Isabelle", "Roux"), ("M.", "Pascal", "Blanchard"),
        ("Mme", "Amandine", "Le Goff"), ("M.", "Mehdi", "Haddad"),
        ("Mme", "Véronique", "Marchand"), ("M.", "Sébastien", "Garnier"),
        ("Mme", "Chloé", "Perrin"), ("M.", "Grégoire", "Dumas-Vidal"),
        ("Mme", "Aïcha", "Diallo"), ("M.", "Benoît", "Lemaire"),
    ),
    lawyers=(("Mme", "Claire", "Duval"), ("M.", "Antoine", "Rivière"), ("Mme", "Hélène", "Brunet")),
    associations=(
        ("UFC-Que Choisir de l'Isère", "2 rue Ampère", "38000 Grenoble"),
        ("CLCV Rhône", "14 rue Garibaldi", "69006 Lyon"),
    ),
    streets=("8 rue Victor-Hugo", "41 avenue Jean-Jaurès", "3 impasse des Acacias",
             "17 rue du Moulin", "120 boulevard de la Liberté", "6 place du Marché",
             "22 chemin de la Croix", "9 rue Pasteur"),
    subjects={
        AVANT_VENTE: ("Réclamation – conseil lors de la souscription",
                      "Contestation des conditions de souscription",
                      "Manquement au devoir de conseil"),
        GESTION: ("Réclamation – gestion de mon contrat", "Modification de contrat non prise en compte",
                  "Erreurs sur mes conditions particulières"),
        COTISATION: ("Réclamation – cotisation", "Contestation d'un prélèvement",
                     "Augmentation injustifiée de ma cotisation"),
        SINISTRE: ("Réclamation – sinistre", "Contestation de l'indemnisation",
                   "Dossier sinistre en souffrance"),
        RESILIATION: ("Réclamation – résiliation de contrat", "Demande de résiliation non traitée",
                      "Contestation d'une résiliation"),
        SERVICE: ("Réclamation – qualité de service", "Absence de réponse à mes demandes",
                  "Mécontentement sur l'accueil reçu"),
        DONNEES: ("Réclamation – données personnelles", "Utilisation abusive de mes coordonnées",
                  "Demande d'accès à mes données restée sans suite"),
        AUTRE: ("Réclamation", "Mécontentement", "Courrier de réclamation"),
        ATTESTATION: ("Demande d'attestation d'assurance", "Attestation d'assurance",
                      "Envoi d'une attestation"),
        DOCUMENT: ("Demande de document", "Duplicata de documents contractuels",
                   "Demande de relevé d'information"),
        INFORMATION: ("Demande de renseignements", "Question sur mes garanties",
                      "Demande d'information"),
        ADRESSE: ("Changement d'adresse", "Modification de coordonnées", "Nouvelle adresse"),
        DEVIS: ("Demande de devis", "Devis assurance", "Demande de tarif"),
        PUBLICITE: ("Offre exceptionnelle réservée aux professionnels",
                    "Découvrez nos nouveautés de fin d'année",
                    "Votre invitation au salon de l'assurance"),
    },
    intro_client=(
        "Je suis client{e} de votre cabinet depuis {annees} ans et titulaire d'un {contrat_nom} souscrit par votre intermédiaire auprès de {assureur}.",
        "Par la présente, je me permets de revenir vers vous au sujet de mon {contrat_nom}, que vous gérez pour mon compte.",
        "Assuré{e} par votre intermédiaire depuis {annees} ans, je vous écris au sujet de mon {contrat_nom}.",
        "Vous avez placé mon {contrat_nom} auprès de {assureur}, et c'est à ce titre que je vous adresse ce courrier.",
        "Je vous contacte en ma qualité de titulaire d'un {contrat_nom} souscrit en {annee_souscription} par l'intermédiaire de votre cabinet.",
        "Fidèle client{e} de votre cabinet, je ne pensais pas devoir un jour vous écrire en ces termes.",
    ),
    grievances={
        AVANT_VENTE: (
            "Lors de la souscription, votre conseiller m'a assuré que {garantie} faisait partie des garanties, ce qui s'avère inexact.",
            "Personne ne m'a expliqué, au moment de la signature, les exclusions et les franchises de ce contrat.",
            "Le contrat que vous m'avez proposé ne correspond absolument pas à mes besoins, que j'avais pourtant clairement exposés.",
            "Je découvre aujourd'hui une franchise de {montant} dont il n'a jamais été question lors de notre rendez-vous.",
            "Votre cabinet m'a conseillé une formule bien plus chère que nécessaire, sans me présenter d'autre solution.",
            "Le devoir de conseil n'a manifestement pas été respecté : aucune fiche d'information ne m'a été remise avant la signature.",
        ),
        GESTION: (
            "Malgré trois demandes écrites, l'avenant modifiant mon {contrat_nom} n'a toujours pas été établi.",
            "La modification de garanties que j'ai demandée le {date_demande} n'a jamais été prise en compte.",
            "Les conditions particulières que j'ai reçues comportent des erreurs sur mon identité et sur les garanties choisies.",
            "Mon contrat a été modifié sans mon accord et je n'ai reçu aucune explication.",
            "Depuis le {date_demande}, j'attends la mise à jour de mon contrat à la suite de mon changement de situation.",
            "Je n'ai jamais reçu les documents contractuels qui auraient dû m'être adressés après la souscription.",
        ),
        COTISATION: (
            "Ma cotisation annuelle est passée de {montant_ancien} à {montant} sans la moindre explication.",
            "Un prélèvement de {montant} a été effectué deux fois sur mon compte au mois de {mois}.",
            "Vous continuez à prélever des cotisations alors que mon contrat a pris fin.",
            "L'échéancier que j'ai reçu ne correspond pas au montant convenu lors de la souscription.",
            "Le remboursement du trop-perçu de {montant}, promis en {mois}, ne m'est toujours pas parvenu.",
            "Des frais de gestion de {montant} apparaissent sur mon avis d'échéance alors qu'ils ne m'avaient jamais été annoncés.",
        ),
        SINISTRE: (
            "J'ai déclaré {sinistre} le {date_evt} et je n'ai depuis reçu aucune proposition d'indemnisation.",
            "L'indemnité de {montant} qui m'a été proposée pour {sinistre} ne couvre même pas la moitié des réparations.",
            "L'expert n'est toujours pas passé, alors que ma déclaration remonte au {date_evt}.",
            "Le règlement concernant {sinistre} m'a été annoncé il y a plusieurs semaines mais n'est jamais arrivé.",
            "On m'a demandé à trois reprises les mêmes justificatifs pour {sinistre}, ce qui retarde indéfiniment le dossier.",
            "La vétusté appliquée sur l'indemnisation de {sinistre} me paraît totalement excessive.",
        ),
        RESILIATION: (
            "J'ai demandé la résiliation de mon {contrat_nom} par lettre recommandée du {date_demande}, sans aucune suite à ce jour.",
            "Ma demande de résiliation, pourtant conforme à la loi Hamon, a été refusée sans justification.",
            "Alors que mon contrat est résilié depuis le {date_demande}, je continue de recevoir des avis d'échéance.",
            "Je conteste la résiliation de mon {contrat_nom} décidée unilatéralement par l'assureur, dont je n'ai été informé{e} qu'après coup.",
            "Vous m'opposez un préavis de deux mois alors que la résiliation infra-annuelle est possible à tout moment après un an.",
            "L'attestation de résiliation indispensable pour mon nouvel assureur ne m'a toujours pas été transmise.",
        ),
        SERVICE: (
            "Il est impossible de joindre quelqu'un au téléphone : j'ai appelé à six reprises la semaine dernière.",
            "Mes courriels restent sans réponse depuis plus d'un mois.",
            "L'accueil que j'ai reçu lors de mon passage à votre agence le {date_demande} a été particulièrement désagréable.",
            "Chaque interlocuteur me donne une information différente et personne ne suit réellement mon dossier.",
            "On m'avait promis d'être rappelé{e} dans la journée ; j'attends toujours cet appel.",
            "Le ton employé par votre collaborateur au téléphone était tout à fait inacceptable.",
        ),
        DONNEES: (
            "Je reçois des sollicitations commerciales de vos partenaires alors que je n'ai jamais donné mon accord.",
            "Ma demande d'accès à mes données personnelles, adressée le {date_demande}, est restée sans réponse.",
            "Un courrier me concernant a été adressé à un autre client, avec mes coordonnées et le détail de mes garanties.",
            "Je vous ai demandé l'effacement de mes données après la clôture de mon contrat et je continue d'être démarché{e}.",
            "Vous avez communiqué mon numéro de téléphone à une société de crédit sans mon consentement.",
            "Mon dossier médical a été transmis par courriel non sécurisé, au mépris de toute règle de confidentialité.",
        ),
        AUTRE: (
            "Votre site internet affiche des informations erronées dans mon espace client depuis plusieurs semaines.",
            "Le rendez-vous que j'avais fixé le {date_demande} a été annulé sans que personne ne me prévienne.",
            "Je n'accepte pas que l'on me facture des frais de dossier pour une simple demande de duplicata.",
            "Mes documents m'ont été envoyés à une ancienne adresse, malgré mes indications répétées.",
            "Votre courrier du {date_demande} contient des affirmations inexactes à mon sujet.",
            "Le bon de parrainage promis lors de mon adhésion ne m'a jamais été accordé.",
        ),
    },
    feelings=(
        "Je suis profondément déçu{e} par la manière dont ce dossier est traité.",
        "Cette situation me cause un préjudice financier et moral important.",
        "Je ne comprends pas qu'un cabinet de votre réputation laisse traîner les choses de la sorte.",
        "Je vous fais part de mon vif mécontentement.",
    ),
    demands=(
        "Je vous demande de bien vouloir régulariser cette situation dans les plus brefs délais.",
        "Je souhaite obtenir une réponse écrite et motivée à ce courrier.",
        "Je vous remercie de faire le nécessaire pour que ce dossier soit enfin traité.",
        "Je vous prie de me faire connaître les mesures que vous entendez prendre pour remédier à cette situation.",
        "J'attends de votre part un geste commercial à la hauteur du préjudice subi.",
        "Merci de m'indiquer par écrit la suite que vous comptez réserver à ma réclamation.",
    ),
    threat=(
        "À défaut de réponse satisfaisante sous quinze jours, je saisirai le Médiateur de l'assurance.",
        "Sans réponse de votre part dans un délai d'un mois, je me réserve le droit de saisir la Médiation de l'Assurance.",
        "Si rien n'est fait, je n'hésiterai pas à porter ce litige devant le Médiateur de l'assurance.",
        "Je vous informe que je m'adresserai au Médiateur de l'assurance si ce dossier n'est pas réglé rapidement.",
    ),
    copy_mediator=(
        "Une copie de ce courrier est adressée pour information à la Médiation de l'Assurance.",
        "J'adresse copie de la présente au Médiateur de l'assurance, pour information.",
    ),
    seize=(
        "Par la présente, je saisis officiellement le Médiateur de l'assurance et vous demande de lui transmettre ce courrier ainsi que mon dossier.",
        "Je vous prie de considérer cette lettre comme ma saisine du Médiateur de l'assurance et de la lui faire suivre sans délai.",
        "Mes démarches amiables étant restées vaines, je demande par ce courrier l'intervention du Médiateur de l'assurance, à qui je vous saurais gré de le transmettre.",
        "Ce courrier vaut saisine de la Médiation de l'Assurance : merci de le lui transmettre avec les pièces de mon dossier.",
    ),
    med_intro=(
        "Je me permets de solliciter votre intervention dans le litige qui m'oppose à {assureur}, assureur de mon {contrat_nom} souscrit par l'intermédiaire du cabinet {cabinet}.",
        "Je vous saisis du différend qui m'oppose au cabinet {cabinet} et à {assureur} au sujet de mon {contrat_nom}.",
        "Après avoir épuisé toutes les voies de recours internes, je sollicite votre médiation concernant mon {contrat_nom}.",
        "Je vous adresse ce courrier afin de soumettre à votre examen le litige relatif à mon {contrat_nom}, géré par le cabinet {cabinet}.",
    ),
    med_grievances={
        SINISTRE: ("Le cabinet et l'assureur refusent de m'indemniser pour {sinistre} (sinistre du {date_evt}).",
                   "L'indemnisation proposée pour {sinistre}, soit {montant}, est sans rapport avec le préjudice subi."),
        COTISATION: ("Ma cotisation a augmenté de façon injustifiée et mes demandes d'explication sont restées vaines.",),
        AVANT_VENTE: ("Le contrat m'a été vendu sans que les exclusions essentielles me soient présentées.",),
        RESILIATION: ("Ma demande de résiliation, présentée le {date_demande}, n'a jamais été exécutée et les prélèvements continuent.",),
        SERVICE: ("Mes nombreuses relances écrites et téléphoniques auprès du cabinet sont restées sans effet.",),
    },
    med_history=(
        "Ma réclamation adressée le {date_3} au cabinet n'a reçu qu'une réponse négative.",
        "Le cabinet a confirmé sa position par un courrier du {date_4}, que je joins à la présente.",
    ),
    med_demands=(
        "Je vous remercie par avance de l'attention que vous porterez à mon dossier, dont vous trouverez les pièces ci-jointes.",
        "Je vous serais reconnaissant{e} d'examiner ce dossier et de rendre un avis.",
        "Je joins à ce courrier la copie des échanges avec mon assureur et je reste à votre disposition.",
        "Je vous prie de bien vouloir instruire ma demande de médiation.",
    ),
    refusal=(
        "{assureur} refuse de prendre en charge {sinistre} au motif que la garantie ne serait pas acquise, ce que je conteste formellement.",
        "La compagnie {assureur}, auprès de laquelle vous avez placé mon contrat, vient de m'opposer un refus de garantie pour {sinistre}.",
        "J'ai reçu un courrier de refus de {assureur} concernant {sinistre}, invoquant une exclusion qui ne figure nulle part dans mes conditions particulières.",
        "L'assureur que vous m'avez recommandé, {assureur}, décline toute indemnisation pour {sinistre}.",
        "Le refus de prise en charge notifié par {assureur} le {date_demande} pour {sinistre} est à mes yeux injustifié.",
        "En tant que courtier, vous avez placé mon contrat chez {assureur}, qui rejette aujourd'hui ma demande d'indemnisation pour {sinistre}.",
    ),
    refusal_demands=(
        "Je vous demande d'intervenir auprès de {assureur} pour obtenir le réexamen de mon dossier.",
        "Je compte sur vous, en votre qualité de courtier, pour défendre mes intérêts auprès de la compagnie.",
        "Merci de faire valoir mes droits auprès de {assureur} et de me tenir informé{e} des suites.",
    ),
    other_org_intro=(
        "Assuré{e} chez vous sous le contrat n° {ext_contrat}, je conteste la façon dont mon dossier est traité.",
        "Je suis titulaire auprès de votre compagnie du contrat n° {ext_contrat} et je souhaite formuler une réclamation.",
        "Votre service m'a notifié le {date_demande} une décision concernant mon contrat n° {ext_contrat} que je ne peux accepter.",
        "Client{e} de {org_short} depuis {annees} ans, je vous adresse la présente réclamation au sujet de mon contrat n° {ext_contrat}.",
    ),
    elsewhere_intro=(
        "Mon contrat d'assurance {produit} est souscrit auprès de {org}, sous le numéro {ext_contrat}, et je rencontre de graves difficultés avec cette compagnie.",
        "Je ne suis pas client{e} de votre cabinet, mais je souhaite me plaindre de {org}, auprès de qui je suis assuré{e} (contrat n° {ext_contrat}).",
        "Assuré{e} auprès de {org} sous la police n° {ext_contrat}, je m'adresse à vous faute d'obtenir la moindre réponse de leur part.",
        "J'ai trouvé vos coordonnées en cherchant un interlocuteur au sujet de mon contrat n° {ext_contrat} chez {org}.",
    ),
    elsewhere_grievances={
        SINISTRE: ("Depuis le {date_evt}, {org_short} ne donne aucune suite à ma déclaration concernant {sinistre}.",),
        COTISATION: ("{org_short} a augmenté ma cotisation de près de 30 % sans aucune explication.",),
        RESILIATION: ("Ma demande de résiliation adressée à {org_short} le {date_demande} est restée lettre morte.",),
        SERVICE: ("Les conseillers de {org_short} se renvoient mon dossier depuis des semaines.",),
    },
    elsewhere_demands=(
        "Je vous remercie de bien vouloir intervenir ou, à défaut, de transmettre ma réclamation au service compétent.",
        "Pourriez-vous faire suivre ce courrier à qui de droit ?",
    ),
    rep_intro={
        "avocat": ("Je vous écris en qualité de conseil de {represente}, titulaire d'un {contrat_nom} souscrit par votre intermédiaire.",
                   "J'interviens au nom et pour le compte de {represente}, qui m'a chargé{e} de la défense de ses intérêts."),
        "proche": ("Je vous écris au nom de {represente}, âgé{pe} et hospitalisé{pe}, qui m'a demandé de m'occuper de ses démarches.",
                   "Je me permets de vous écrire pour le compte de {represente}, qui n'est plus en mesure de gérer ses papiers."),
        "curateur": ("En ma qualité de {curateur} de {represente}, désigné{e} par jugement du tribunal judiciaire, je vous adresse la présente réclamation.",
                     "Je suis {le_curateur} de {represente} et j'assiste cette personne dans la gestion de ses contrats."),
        "association": ("Notre association a été saisie par {represente}, adhérent{pe} de notre structure, au sujet d'un litige avec votre cabinet.",
                        "Nous intervenons à la demande de {represente}, qui nous a confié la défense de ses intérêts de consommateur."),
    },
    rep_grievances={
        SINISTRE: ("{Represente_court} a déclaré {sinistre} le {date_evt} et n'a, à ce jour, perçu aucune indemnité.",
                   "L'indemnisation proposée pour {sinistre} ne tient aucun compte des justificatifs fournis."),
        COTISATION: ("Des cotisations continuent d'être prélevées sur le compte de {represente_court} alors que le contrat a été résilié.",),
        GESTION: ("Les modifications demandées pour le compte de {represente_court} n'ont jamais été enregistrées.",),
        RESILIATION: ("La demande de résiliation présentée le {date_demande} pour {represente_court} est restée sans effet.",),
        SERVICE: ("Aucune des relances adressées à votre cabinet depuis le {date_demande} n'a obtenu de réponse.",),
    },
    rep_demands=(
        "Je vous demande en conséquence de procéder sans délai à la régularisation de ce dossier.",
        "Je vous remercie de m'adresser votre réponse, ainsi que la copie des pièces du dossier.",
        "Faute de réponse sous un mois, toute voie de droit sera envisagée.",
    ),
    rep_address=(
        "{Represente_court} demeure {adresse}, {code_postal} {ville}.",
    ),
    prospect_intro=(
        "Je ne suis pas client{e} de votre cabinet : je vous ai seulement contacté{e} pour obtenir un devis.",
        "Prospect{e} de votre cabinet, j'avais pris rendez-vous avec l'un de vos conseillers en vue d'une souscription.",
    ),
    prospect_grievances=(
        "J'ai sollicité un devis d'assurance {produit} le {date_demande} et je n'ai jamais été recontacté{e}.",
        "Votre conseiller m'a fait signer un mandat de recherche sans m'en expliquer la portée.",
        "Le tarif proposé a augmenté de {montant} entre le devis et le projet de contrat, sans explication.",
    ),
    tiers_intro=(
        "Je suis la personne lésée dans l'accident du {date_evt}, causé par l'un de vos assurés.",
        "Victime d'un dégât des eaux provenant de l'appartement de l'un de vos assurés, je m'adresse à vous en tant que tiers.",
    ),
    tiers_grievances=(
        "Malgré mes relances, je n'ai reçu aucune indemnisation pour les dommages que j'ai subis.",
        "Personne n'a jamais répondu à mes demandes d'information sur l'avancement du dossier.",
    ),
    angry_attestation=(
        "J'ai besoin IMMÉDIATEMENT de mon attestation d'assurance : mon propriétaire l'exige avant vendredi !",
        "Je n'ai vraiment pas de temps à perdre : envoyez-moi mon attestation d'assurance {produit} aujourd'hui même.",
        "C'est extrêmement urgent, on me réclame mon attestation et je ne la trouve nulle part.",
        "Je compte sur vous pour m'adresser sans délai l'attestation, faute de quoi je ne pourrai pas récupérer mon véhicule à la fourrière.",
        "Franchement, je suis à bout : mon agence immobilière refuse de me remettre les clés sans cette attestation.",
        "Envoyez-moi cette attestation par retour de courrier, je n'ai pas le temps de courir après les papiers !",
    ),
    requests={
        ATTESTATION: (
            "Je vous serais reconnaissant{e} de bien vouloir m'adresser une attestation d'assurance pour mon {contrat_nom}.",
            "Pourriez-vous me faire parvenir une attestation d'assurance à jour ?",
            "Mon bailleur me demande une attestation d'assurance pour l'année en cours ; merci de me l'envoyer.",
            "Je souhaite recevoir une attestation de mon {contrat_nom} afin de la transmettre à mon employeur.",
            "Je vous prie de m'adresser l'attestation d'assurance correspondant à mon contrat.",
            "Auriez-vous l'amabilité de m'envoyer une attestation d'assurance par courriel ?",
        ),
        DOCUMENT: (
            "Je vous serais obligé{e} de m'adresser un duplicata de mes conditions particulières.",
            "Pourriez-vous m'envoyer mon relevé d'information, dont j'ai besoin pour un nouveau véhicule ?",
            "Je souhaite obtenir une copie du tableau des garanties de mon {contrat_nom}.",
            "Merci de me transmettre l'échéancier de mes cotisations pour l'année prochaine.",
            "J'aurais besoin d'une copie des conditions générales applicables à mon contrat.",
            "Pourriez-vous me faire parvenir le récapitulatif des sinistres déclarés ces trois dernières années ?",
        ),
        INFORMATION: (
            "Je souhaiterais savoir si mon {contrat_nom} couvre {garantie}.",
            "Pourriez-vous me préciser le montant de la franchise applicable en cas de sinistre ?",
            "Je voudrais connaître les démarches à suivre pour ajouter un conducteur à mon contrat.",
            "Mon fils part étudier à l'étranger : est-il toujours couvert par mon contrat ?",
            "J'aimerais savoir à quelle date mon contrat arrive à échéance.",
            "Pouvez-vous m'indiquer comment déclarer un sinistre en ligne ?",
        ),
        ADRESSE: (
            "Je vous informe de mon changement d'adresse à compter du {date_demande}.",
            "Je vous prie de bien vouloir enregistrer ma nouvelle adresse, indiquée en tête de ce courrier.",
            "Ayant déménagé le {date_demande}, je vous remercie de mettre à jour mes coordonnées.",
            "Merci de noter que toute correspondance doit désormais m'être adressée à ma nouvelle adresse.",
            "Je vous signale mon déménagement et vous demande de modifier l'adresse de mon contrat en conséquence.",
            "Suite à mon installation dans un nouveau logement, je souhaite que mon dossier soit mis à jour.",
        ),
        DEVIS: (
            "Je souhaiterais obtenir un devis d'assurance {produit}.",
            "Pourriez-vous m'établir une proposition tarifaire pour une assurance {produit} ?",
            "Je viens d'acquérir un nouveau logement et j'aimerais comparer vos tarifs d'assurance habitation.",
            "Je souhaite faire établir un devis pour l'assurance de mon futur véhicule.",
            "Auriez-vous une offre d'assurance {produit} adaptée à ma situation ?",
            "Je vous remercie de me faire parvenir une étude comparative pour une assurance {produit}.",
        ),
    },
    request_closings=(
        "Je vous remercie par avance de votre diligence.",
        "Dans l'attente de votre retour, je reste joignable aux coordonnées ci-dessus.",
        "Je vous en remercie par avance.",
        "Je reste à votre disposition pour tout renseignement complémentaire.",
    ),
    ads=(
        "Profitez jusqu'au 31 décembre de notre offre spéciale sur les fournitures de bureau.",
        "Nos solutions d'archivage numérique simplifient la gestion de vos dossiers clients.",
        "Bénéficiez d'une remise de 20 % sur votre première commande avec le code AUTOMNE.",
        "Notre équipe se tient à votre disposition pour une démonstration gratuite.",
        "Inscrivez-vous dès maintenant à notre webinaire consacré à la conformité réglementaire.",
        "Pour ne plus recevoir nos offres, il vous suffit de répondre STOP à ce message.",
    ),
    ad_senders=(("Bureau Plus Fournitures", "offres@bureauplus.example"),
                ("Archiva Solutions", "newsletter@archiva.example")),
    chronology=(
        "Le {date_1}, j'ai adressé une première réclamation par courriel, restée sans réponse.",
        "Le {date_2}, j'ai relancé votre service par téléphone ; on m'a assuré que le dossier serait traité sous huit jours.",
        "Le {date_3}, j'ai envoyé un courrier recommandé avec accusé de réception, que vous avez bien reçu.",
        "Le {date_4}, un de vos collaborateurs m'a indiqué qu'il manquait une pièce, que j'ai transmise le jour même.",
        "Depuis, malgré plusieurs appels, je n'ai obtenu aucune information sur l'état d'avancement du dossier.",
        "J'ai conservé une copie de l'ensemble de ces échanges, que je tiens à votre disposition.",
    ),
    arguments=(
        "Je rappelle que l'article L. 113-5 du Code des assurances impose à l'assureur d'exécuter la prestation convenue lors de la réalisation du risque.",
        "Les conditions générales qui m'ont été remises ne mentionnent nulle part la restriction qui m'est opposée.",
        "J'ai toujours réglé mes cotisations à l'échéance et n'avais jamais déclaré le moindre sinistre auparavant.",
        "Je tiens à votre disposition l'ensemble des factures et photographies qui justifient ma demande.",
    ),
    closings=(
        "Veuillez agréer, {appel}, l'expression de mes salutations distinguées.",
        "Je vous prie d'agréer, {appel}, l'expression de mes sentiments distingués.",
        "Dans l'attente de votre réponse, je vous prie d'agréer, {appel}, mes salutations distinguées.",
    ),
    email_greetings=("Bonjour,", "Madame, Monsieur,"),
    email_closings=("Cordialement,", "Bien cordialement,", "Salutations distinguées,"),
    attached_notes=("Veuillez trouver ci-joint mon courrier.", "Ci-joint mon courrier, merci."),
    forward_notes=(
        "Bonjour {prenom_resp},\n\nJe te transfère le message ci-dessous, reçu sur ma boîte.\n\n{prenom_staff}",
        "Pour traitement, merci.\n\n{prenom_staff}",
    ),
    enclosures=("P.J. : copie de mon contrat", "P.J. : copie du courrier de refus",
                "P.J. : relevé bancaire", "P.J. : photographies et factures"),
)


HELDOUT = WordingSet(
    name="heldout",
    scan_fonts=("NimbusRoman-Regular.otf", "C059-Roman.otf", "FreeSans.ttf",
                "NimbusMonoPS-Regular.otf", "LiberationMono-Regular.ttf", "DejaVuSansCondensed.ttf"),
    pdf_fonts=("FreeSans.ttf", "LiberationSerif-Regular.ttf", "DejaVuSansCondensed.ttf"),
    people=(
        ("M.", "Yannick", "Tessier"), ("Mme", "Sandrine", "Bouvier"),
        ("M.", "Olivier", "Carpentier"), ("Mme", "Fatima", "Benhamou"),
        ("M.", "Thierry", "Leclercq"), ("Mme", "Océane", "Marechal"),
        ("M.", "Rodolphe", "Saint-Martin"), ("Mme", "Brigitte", "Colin"),
        ("M.", "Kévin", "Aubert"), ("Mme", "Monique", "Giraud"),
        ("M.", "Hugo", "Besnard"), ("Mme", "Léa", "Nguyen-Bao"),
    ),
    lawyers=(("M.", "Vincent", "Lacroix"), ("Mme", "Delphine", "Faure"), ("M.", "Arnaud", "Mallet")),
    associations=(
        ("Familles Rurales de la Sarthe", "11 rue de la Gare", "72000 Le Mans"),
        ("AFOC de Gironde", "5 cours de l'Intendance", "33000 Bordeaux"),
    ),
    streets=("14 rue des Écoles", "2 bis avenue Foch", "57 route de Paris", "31 rue de la Paix",
             "4 allée des Peupliers", "88 rue Saint-Jacques", "10 quai des Bateliers",
             "5 résidence Les Cèdres"),
    subjects={
        AVANT_VENTE: ("Conseil inadapté lors de la souscription", "Litige sur les conditions de vente",
                      "Information insuffisante avant signature"),
        GESTION: ("Gestion défaillante de mon dossier", "Avenant non établi", "Contrat modifié sans accord"),
        COTISATION: ("Prélèvement contesté", "Hausse de tarif inexpliquée", "Double prélèvement"),
        SINISTRE: ("Litige sinistre", "Indemnisation insuffisante", "Sinistre non réglé"),
        RESILIATION: ("Résiliation non effectuée", "Litige résiliation", "Refus de résiliation"),
        SERVICE: ("Mécontentement – service client", "Relances sans réponse", "Plainte concernant l'accueil"),
        DONNEES: ("Protection de mes données", "Démarchage non sollicité", "Droit d'accès RGPD"),
        AUTRE: ("Plainte", "Contestation", "Lettre de mécontentement"),
        ATTESTATION: ("Attestation demandée", "Besoin d'une attestation", "Attestation pour mon bailleur"),
        DOCUMENT: ("Envoi de documents", "Copie de contrat", "Relevé d'information"),
        INFORMATION: ("Question", "Renseignements sur ma couverture", "Précisions sur mon contrat"),
        ADRESSE: ("Déménagement", "Mise à jour de mon adresse", "Nouvelles coordonnées"),
        DEVIS: ("Proposition tarifaire", "Projet d'assurance", "Étude tarifaire"),
        PUBLICITE: ("Nos offres de saison", "Invitation : matinée des professionnels",
                    "Dernière chance : tarifs préférentiels"),
    },
    intro_client=(
        "Je vous écris car je suis titulaire, par l'intermédiaire de votre cabinet, d'un {contrat_nom} chez {assureur}.",
        "Voilà {annees} ans que vous gérez mon {contrat_nom} et, pour la première fois, je dois me plaindre.",
        "Votre cabinet m'a fait souscrire en {annee_souscription} un {contrat_nom}, et je rencontre aujourd'hui un sérieux problème.",
        "Comme vous le savez, mon {contrat_nom} a été placé par vos soins auprès de {assureur}.",
        "C'est en tant que client{e} de longue date que je prends la plume aujourd'hui.",
        "Je reviens vers vous, une fois encore, à propos de mon {contrat_nom}.",
    ),
    grievances={
        AVANT_VENTE: (
            "On m'avait présenté ce contrat comme une couverture complète, or {garantie} en est exclu, ce que j'ignorais.",
            "Aucune comparaison d'offres ne m'a été proposée avant que l'on me fasse signer.",
            "Le conseiller n'a posé aucune question sur ma situation avant de me recommander cette formule.",
            "Le montant de la franchise, soit {montant}, ne m'a jamais été indiqué avant la signature.",
            "Force est de constater que l'on m'a orienté{e} vers le produit le plus rémunérateur pour vous, pas le plus adapté pour moi.",
            "Je n'ai reçu ni document d'information ni explication claire sur les garanties avant mon engagement.",
        ),
        GESTION: (
            "L'ajout de mon épouse comme conductrice, demandé le {date_demande}, ne figure toujours pas au contrat.",
            "Mon adresse est encore erronée sur tous les documents, malgré mes demandes de correction.",
            "Les garanties ont été réduites lors du dernier renouvellement, sans que j'en sois averti{e}.",
            "Voilà deux mois que j'attends un simple avenant, sans la moindre nouvelle.",
            "Le contrat émis ne mentionne pas l'option que j'avais expressément choisie.",
            "On m'a envoyé les documents d'un autre assuré à la place des miens.",
        ),
        COTISATION: (
            "Le tarif de mon {contrat_nom} a bondi de {montant_ancien} à {montant} sans qu'aucun sinistre ne le justifie.",
            "Mon compte a été débité en double en {mois}, pour un total de {montant}.",
            "Les prélèvements se poursuivent en dépit de la fin de mon contrat.",
            "On me réclame une régularisation de {montant} que je ne comprends pas.",
            "Le remboursement de la part de cotisation non courue, soit {montant}, se fait toujours attendre.",
            "La majoration appliquée à mon avis d'échéance n'a jamais fait l'objet d'une information préalable.",
        ),
        SINISTRE: (
            "Voilà des semaines que j'ai déclaré {sinistre} (le {date_evt}), et rien ne bouge.",
            "L'offre d'indemnisation de {montant} au titre de {sinistre} est tout simplement dérisoire.",
            "Aucun expert n'a été missionné pour {sinistre}, pourtant déclaré dans les délais.",
            "L'indemnité annoncée pour {sinistre} n'a jamais été versée sur mon compte.",
            "Chaque semaine, on me réclame une nouvelle pièce pour {sinistre}, alors que le dossier est complet.",
            "Le coefficient de vétusté retenu pour {sinistre} réduit l'indemnité à presque rien.",
        ),
        RESILIATION: (
            "Ma lettre de résiliation, envoyée en recommandé le {date_demande}, n'a jamais été suivie d'effet.",
            "On refuse de résilier mon {contrat_nom} alors que j'ai plus d'un an d'ancienneté.",
            "Mon contrat devait prendre fin le {date_demande}, mais je reçois encore des appels de cotisation.",
            "L'assureur a mis fin à mon contrat sans préavis, ce que je trouve inadmissible.",
            "Mon nouvel assureur ne peut pas prendre le relais tant que vous ne lui confirmez pas la résiliation.",
            "On m'impose des frais de résiliation qui ne figurent nulle part dans mon contrat.",
        ),
        SERVICE: (
            "Votre standard ne répond jamais et les messages que je laisse restent lettre morte.",
            "Cela fait cinq semaines que j'attends une réponse à mon courriel du {date_demande}.",
            "J'ai été reçu{e} de manière expéditive et peu aimable lors de mon rendez-vous du {date_demande}.",
            "Mon dossier passe d'un interlocuteur à l'autre sans que personne n'en prenne la responsabilité.",
            "Le rappel promis par votre service n'a jamais eu lieu.",
            "Votre collaboratrice m'a raccroché au nez alors que je demandais simplement des explications.",
        ),
        DONNEES: (
            "Je suis démarché{e} par téléphone par des sociétés qui disent tenir mes coordonnées de votre cabinet.",
            "Ma demande d'accès au titre du RGPD, envoyée le {date_demande}, n'a reçu aucune réponse.",
            "J'ai reçu par erreur le dossier complet d'un autre assuré, ce qui laisse craindre que le mien circule aussi.",
            "Malgré ma demande de suppression de mes données, je continue de recevoir vos offres.",
            "Mes informations de santé ont été communiquées à un tiers sans mon autorisation.",
            "Mon adresse électronique a été inscrite à une lettre d'information sans mon consentement.",
        ),
        AUTRE: (
            "Votre espace en ligne est inaccessible depuis un mois et je ne peux plus consulter mes documents.",
            "On m'a facturé des frais pour l'envoi d'un simple document, ce qui me paraît abusif.",
            "Mon rendez-vous du {date_demande} a été déplacé trois fois sans explication.",
            "Le cadeau de bienvenue annoncé à la souscription ne m'a jamais été remis.",
            "Votre lettre du {date_demande} comporte des erreurs sur ma situation familiale.",
            "Les courriers que vous m'adressez arrivent systématiquement après la date limite qu'ils mentionnent.",
        ),
    },
    feelings=(
        "Je suis excédé{e} par cette situation qui n'a que trop duré.",
        "Tout cela me met dans une situation financière délicate.",
        "J'avoue ne plus comprendre comment fonctionne votre cabinet.",
        "Mon mécontentement est total.",
    ),
    demands=(
        "Je vous saurais gré de régler ce problème au plus vite.",
        "Merci de me répondre par écrit en m'expliquant clairement votre position.",
        "J'exige que ce dossier soit enfin pris en main.",
        "Je vous demande de me dire précisément ce que vous allez faire pour corriger cette erreur.",
        "Un dédommagement me paraît le minimum compte tenu des désagréments subis.",
        "J'attends votre réponse rapidement.",
    ),
    threat=(
        "Faute de solution d'ici la fin du mois, je porterai l'affaire devant le Médiateur de l'assurance.",
        "Je n'exclus pas de saisir prochainement la Médiation de l'Assurance si les choses en restent là.",
        "Si je n'obtiens pas satisfaction, je m'adresserai ensuite au médiateur.",
        "Sachez que, sans réponse de votre part, je saisirai la Médiation de l'Assurance.",
    ),
    copy_mediator=(
        "Je transmets une copie de cette lettre à la Médiation de l'Assurance.",
        "Le Médiateur de l'assurance reçoit copie de la présente.",
    ),
    seize=(
        "Je vous demande de transmettre la présente au Médiateur de l'assurance, que je saisis par ce courrier.",
        "Cette lettre constitue ma demande de médiation : je vous prie de l'adresser au Médiateur de l'assurance.",
        "Je souhaite, par ce courrier, saisir la Médiation de l'Assurance et vous charge de lui faire suivre mon dossier.",
        "Considérez ce courrier comme une saisine du Médiateur et transmettez-le-lui, s'il vous plaît.",
    ),
    med_intro=(
        "Je sollicite votre médiation dans le différend qui m'oppose à {assureur} et à mon courtier, le cabinet {cabinet}.",
        "Je m'adresse à vous car mon courtier, {cabinet}, et l'assureur {assureur} restent sourds à mes demandes.",
        "Je souhaite soumettre à la Médiation le litige concernant mon {contrat_nom}, placé par le cabinet {cabinet}.",
        "N'ayant pas obtenu satisfaction auprès de mon courtier, je me tourne vers vous au sujet de mon {contrat_nom}.",
    ),
    med_grievances={
        SINISTRE: ("Ni le courtier ni l'assureur n'acceptent de prendre en charge {sinistre}, déclaré le {date_evt}.",
                   "L'offre de {montant} reçue pour {sinistre} est très inférieure au coût réel des réparations."),
        COTISATION: ("On m'applique une hausse de tarif que personne n'a su me justifier.",),
        AVANT_VENTE: ("Les exclusions qui me sont opposées ne m'ont jamais été présentées lors de la vente.",),
        RESILIATION: ("La résiliation demandée le {date_demande} n'a jamais été enregistrée et l'on continue de me prélever.",),
        SERVICE: ("Malgré de multiples relances, le cabinet ne répond plus à mes demandes.",),
    },
    med_history=(
        "Le cabinet a rejeté ma réclamation par un courrier du {date_4}.",
        "Ma réclamation écrite du {date_3} est restée sans réponse satisfaisante.",
    ),
    med_demands=(
        "Vous trouverez en annexe les pièces utiles à l'examen de ma demande.",
        "Je vous remercie de bien vouloir examiner mon dossier.",
        "Je me tiens à votre disposition pour tout complément d'information.",
        "Je vous demande de bien vouloir rendre un avis sur ce litige.",
    ),
    refusal=(
        "{assureur} vient de rejeter ma demande de prise en charge pour {sinistre}, en invoquant une exclusion que je conteste.",
        "Votre partenaire {assureur} me refuse toute indemnisation au titre de {sinistre}.",
        "Par lettre du {date_demande}, {assureur} m'a fait savoir qu'il ne couvrirait pas {sinistre}.",
        "La compagnie chez qui vous m'avez assuré{e}, {assureur}, prétend que sa garantie ne joue pas pour {sinistre}.",
        "Je conteste vivement la décision de {assureur} de ne pas prendre en charge {sinistre}.",
        "Vous m'aviez garanti une bonne couverture chez {assureur}, qui refuse pourtant de m'indemniser pour {sinistre}.",
    ),
    refusal_demands=(
        "En tant que courtier, il vous appartient d'intervenir auprès de {assureur} pour défendre mon dossier.",
        "Merci de contester cette décision auprès de la compagnie et de me tenir au courant.",
        "J'attends de vous que vous obteniez de {assureur} un réexamen complet de mon dossier.",
    ),
    other_org_intro=(
        "Titulaire chez vous du contrat n° {ext_contrat}, je vous adresse une réclamation.",
        "Je suis assuré{e} auprès de {org_short} (contrat n° {ext_contrat}) et je conteste votre gestion de mon dossier.",
        "Votre décision du {date_demande} relative à mon contrat n° {ext_contrat} me paraît injustifiée.",
        "Adhérent{e} depuis {annees} ans, je vous écris au sujet de mon contrat n° {ext_contrat}.",
    ),
    elsewhere_intro=(
        "Je suis assuré{e} chez {org} (contrat n° {ext_contrat}) et je ne sais plus à qui m'adresser.",
        "Bien que je ne sois pas client{e} chez vous, je me permets de vous signaler mes difficultés avec {org}, mon assureur (contrat n° {ext_contrat}).",
        "Mon assurance {produit} est chez {org}, contrat n° {ext_contrat}, et leur service ne répond plus.",
        "Je vous écris au sujet de mon contrat n° {ext_contrat}, souscrit directement auprès de {org}.",
    ),
    elsewhere_grievances={
        SINISTRE: ("{org_short} n'a donné aucune suite à ma déclaration du {date_evt} concernant {sinistre}.",),
        COTISATION: ("Ma cotisation chez {org_short} a augmenté brutalement, sans justification.",),
        RESILIATION: ("{org_short} ignore ma lettre de résiliation du {date_demande}.",),
        SERVICE: ("Impossible d'obtenir un interlocuteur chez {org_short} depuis des semaines.",),
    },
    elsewhere_demands=(
        "Pourriez-vous transmettre ma plainte à la bonne personne ?",
        "Merci de m'aider ou de faire suivre ce courrier à l'organisme concerné.",
    ),
    rep_intro={
        "avocat": ("Je suis l'avocat{e} de {represente} et vous écris dans l'intérêt de {mon_client} au sujet de son {contrat_nom}.",
                   "Je suis mandaté{e} par {represente} pour vous faire part de sa contestation."),
        "proche": ("Je vous écris pour {represente}, qui ne peut plus écrire {lui_elle}-même.",
                   "Je prends la plume à la place de {represente}, hospitalisé{pe} depuis plusieurs semaines."),
        "curateur": ("{Curateur} de {represente} en vertu d'une décision du juge des contentieux de la protection, je vous saisis de la difficulté suivante.",
                     "J'exerce la mesure de curatelle de {represente} et je vous écris à ce titre."),
        "association": ("Notre association défend les intérêts de {represente}, qui nous a sollicités au sujet de son contrat.",
                        "À la demande de {represente}, notre association vous fait part de la réclamation suivante."),
    },
    rep_grievances={
        SINISTRE: ("{Represente_court} attend toujours l'indemnisation de {sinistre} (sinistre déclaré le {date_evt}).",
                   "L'offre faite au titre de {sinistre} est manifestement insuffisante au regard du préjudice."),
        COTISATION: ("Le compte de {represente_court} continue d'être débité malgré la fin du contrat.",),
        GESTION: ("Les changements demandés pour {represente_court} n'ont pas été reportés sur le contrat.",),
        RESILIATION: ("La résiliation sollicitée le {date_demande} pour {represente_court} n'a jamais été enregistrée.",),
        SERVICE: ("Nos courriers du {date_demande} et suivants n'ont reçu aucune réponse.",),
    },
    rep_demands=(
        "Je vous remercie de bien vouloir régulariser la situation sans délai.",
        "Merci de m'adresser votre réponse ainsi que les pièces du dossier.",
        "À défaut de réponse dans un délai d'un mois, une action sera engagée.",
    ),
    rep_address=(
        "L'adresse de {represente_court} est la suivante : {adresse}, {code_postal} {ville}.",
    ),
    prospect_intro=(
        "Je précise que je ne suis pas encore client{e} : j'avais simplement demandé une étude à votre cabinet.",
        "J'ai été démarché{e} par l'un de vos conseillers en vue de souscrire un contrat, sans être client{e} à ce jour.",
    ),
    prospect_grievances=(
        "Ma demande de devis d'assurance {produit} du {date_demande} est restée sans suite malgré deux relances.",
        "On a voulu me faire signer un contrat le jour même, sans me laisser le temps de réfléchir.",
        "Le tarif annoncé au téléphone était inférieur de {montant} à celui du devis écrit.",
    ),
    tiers_intro=(
        "Je suis le tiers victime de l'accident survenu le {date_evt} avec l'un de vos assurés.",
        "Mon logement a été endommagé par une fuite provenant de chez l'un de vos assurés, et je vous écris en tant que tiers lésé{e}.",
    ),
    tiers_grievances=(
        "Je n'ai toujours pas été indemnisé{e} pour les dégâts subis.",
        "Mes courriers de relance n'ont reçu aucune réponse.",
    ),
    angry_attestation=(
        "Il me faut mon attestation d'assurance tout de suite : sans elle, je ne peux pas signer mon bail !",
        "Je vous demande de m'envoyer mon attestation {produit} dans la journée, c'est urgent.",
        "Je suis vraiment énervé{e} : la préfecture bloque mon dossier faute d'attestation, envoyez-la-moi vite.",
        "Faites le nécessaire tout de suite, j'ai absolument besoin de cette attestation pour demain matin !",
        "Je perds un temps fou : mon garagiste ne me rend pas ma voiture sans attestation.",
        "URGENT : envoyez-moi mon attestation d'assurance à l'adresse ci-dessus, par retour.",
    ),
    requests={
        ATTESTATION: (
            "Merci de m'envoyer une attestation d'assurance pour mon {contrat_nom}.",
            "J'ai besoin d'une attestation d'assurance récente pour mon dossier de location.",
            "Pouvez-vous me transmettre mon attestation d'assurance pour l'année en cours ?",
            "Mon employeur me réclame une attestation : pourriez-vous me l'adresser ?",
            "Je voudrais recevoir une attestation d'assurance à mon nom.",
            "Serait-il possible de m'adresser l'attestation de mon {contrat_nom} par courrier ?",
        ),
        DOCUMENT: (
            "Pourriez-vous me renvoyer mes conditions particulières, que j'ai égarées ?",
            "J'aurais besoin de mon relevé d'information pour changer de véhicule.",
            "Merci de m'adresser le détail des garanties de mon {contrat_nom}.",
            "Je voudrais recevoir l'échéancier de mes prochains prélèvements.",
            "Pouvez-vous me faire parvenir un exemplaire des conditions générales ?",
            "Il me faudrait un historique des sinistres déclarés sur mon contrat.",
        ),
        INFORMATION: (
            "Mon {contrat_nom} prend-il en charge {garantie} ?",
            "Quel est le montant de ma franchise en cas de sinistre ?",
            "Comment faire pour ajouter un conducteur occasionnel ?",
            "Ma fille part en stage à l'étranger : reste-t-elle assurée ?",
            "Quelle est la date d'échéance de mon contrat ?",
            "Est-il possible de déclarer un sinistre directement sur internet ?",
        ),
        ADRESSE: (
            "Je déménage le {date_demande} : voici ma nouvelle adresse, en haut de cette lettre.",
            "Merci de mettre à jour mon adresse dans vos fichiers.",
            "Veuillez noter mes nouvelles coordonnées à compter du {date_demande}.",
            "Pour information, j'ai changé de domicile ; mes coordonnées figurent ci-dessus.",
            "Je vous demande de modifier l'adresse figurant sur mon contrat.",
            "Mon adresse a changé et je souhaite recevoir mes courriers à mon nouveau domicile.",
        ),
        DEVIS: (
            "Pouvez-vous me proposer un tarif d'assurance {produit} ?",
            "J'aimerais recevoir un devis pour une assurance {produit}.",
            "Je compare les offres d'assurance {produit} et souhaiterais connaître la vôtre.",
            "Pourriez-vous me chiffrer l'assurance d'un véhicule d'occasion que je vais acheter ?",
            "Je cherche à assurer mon futur appartement : quel serait votre tarif ?",
            "Merci de m'envoyer une proposition pour une assurance {produit}.",
        ),
    },
    request_closings=(
        "Merci d'avance.",
        "Je vous remercie pour votre aide.",
        "En vous remerciant de votre réponse rapide.",
        "Vous pouvez me joindre aux coordonnées indiquées ci-dessus.",
    ),
    ads=(
        "Équipez votre agence à prix réduits avec notre catalogue de fin d'année.",
        "Gagnez du temps grâce à notre logiciel de gestion de la relation client.",
        "Livraison offerte pour toute commande passée avant le 15 décembre.",
        "Rencontrez nos experts lors de notre matinée d'information gratuite.",
        "Découvrez notre nouvelle gamme de mobilier ergonomique.",
        "Vous recevez ce message car vous êtes inscrit à notre liste de diffusion.",
    ),
    ad_senders=(("Mobilier Pro Direct", "promo@mobilierpro.example"),
                ("Logiciels Courtage Plus", "infos@courtageplus.example")),
    chronology=(
        "Dès le {date_1}, j'avais signalé le problème par courriel.",
        "Le {date_2}, une conseillère m'a promis au téléphone un traitement rapide.",
        "Le {date_3}, faute de nouvelles, je vous ai écrit en recommandé.",
        "Le {date_4}, on m'a réclamé un document que j'avais pourtant déjà fourni.",
        "Depuis cette date, plus aucune nouvelle, malgré mes appels répétés.",
        "Je garde trace de tous ces échanges et les produirai si nécessaire.",
    ),
    arguments=(
        "Le Code des assurances est pourtant clair sur l'obligation de l'assureur de régler le sinistre garanti.",
        "Nulle part dans les documents remis il n'est fait mention de cette limitation.",
        "Je n'ai jamais eu le moindre incident de paiement en {annees} ans.",
        "Toutes les pièces justificatives ont été transmises, photos et factures comprises.",
    ),
    closings=(
        "Recevez, {appel}, mes sincères salutations.",
        "Je vous prie de recevoir, {appel}, mes salutations respectueuses.",
        "Dans l'attente de votre retour, veuillez croire, {appel}, à l'assurance de ma considération.",
    ),
    email_greetings=("Bonjour Madame, Monsieur,", "Bonjour à vous,", "Bonsoir,"),
    email_closings=("Merci d'avance,", "Cordialement", "Bonne journée,"),
    attached_notes=("Bonjour, ci-joint mon courrier de réclamation. Bonne réception.",
                    "Je vous transmets en pièce jointe mon courrier."),
    forward_notes=(
        "{prenom_resp}, pour toi : message reçu ce matin.\n\n{prenom_staff}",
        "Bonjour,\nMessage reçu par erreur sur ma boîte, je vous le transmets.\nBonne journée,\n{prenom_staff}",
    ),
    enclosures=("PJ : contrat", "PJ : lettre de refus de l'assureur", "PJ : relevé de compte",
                "PJ : devis de réparation"),
)

SETS: dict[str, WordingSet] = {"tuning": TUNING, "heldout": HELDOUT}
