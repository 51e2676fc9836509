"""What people write: complaint and request wordings of this set, in French.

Slots: {e} feminine agreement ("" or "e"), {prod} the product with its possessive ("ma complémentaire santé"), {date} an event
date, {amount}, {amount2}, {pct}, {month}, {ins} the insurer's name.
"""

from __future__ import annotations

COMPLAINTS: dict[str, list[list[str]]] = {
    "avant-vente et conseil": [
        ["Lors de la souscription de {prod} en {month}, votre conseiller m'a affirmé que "
         "les dommages causés par la grêle étaient couverts. J'apprends aujourd'hui, après "
         "l'orage, que ce n'est pas le cas.",
         "Je n'aurais jamais signé si j'avais été correctement informé{e}. Je conteste le "
         "conseil reçu et je vous demande de revoir ma situation."],
        ["On m'a vendu une option « perte d'emploi » alors que je suis retraité{e} depuis "
         "2019. Personne ne m'a posé la moindre question sur ma situation avant de me faire "
         "signer.",
         "Je souhaite le remboursement des sommes versées pour cette option depuis l'origine."],
        ["Franchement, je suis déçu{e}. J'avais demandé la formule la moins chère et on m'a "
         "fait signer la formule « Confort » sans rien m'expliquer. Je m'en rends compte en "
         "lisant l'échéancier, {amount} € de plus par an.",
         "Je trouve ce procédé malhonnête et j'attends que vous corrigiez."],
    ],
    "gestion du contrat": [
        ["Depuis le {date}, j'ai demandé à trois reprises la modification de mon contrat "
         "(changement de véhicule) et rien n'a été fait. Je roule donc avec une voiture qui "
         "n'apparaît sur aucun document, c'est inadmissible.",
         "Je vous demande de régulariser sans délai."],
        ["L'avenant que j'ai reçu comporte une erreur sur l'adresse du logement assuré. Je "
         "vous l'ai signalée par téléphone puis par écrit le {date}, sans aucune correction à "
         "ce jour malgré mes relances."],
        ["J'ai fait ajouter ma fille comme conductrice secondaire en septembre. La carte verte "
         "reçue ne la mentionne toujours pas, et personne ne sait me dire pourquoi.",
         "Ce manque de suivi est vraiment pénible, j'espère une correction rapide."],
    ],
    "cotisation": [
        ["Bon, je vais être direct{e} : ça fait deux mois que je paie {amount2} € de plus "
         "sans savoir pourquoi. J'ai appelé, on m'a dit qu'on allait regarder. Rien.",
         "Je veux qu'on m'explique et qu'on me rende ce qui a été pris en trop."],
        ["Je constate un prélèvement de {amount} € le {date}, alors que mon échéancier prévoit "
         "{amount2} €. Aucune explication ne m'a été donnée sur cette différence.",
         "Je conteste ce montant et vous demande le remboursement du trop-perçu."],
        ["Vous avez prélevé deux fois ma cotisation du mois. Mon compte est passé à découvert "
         "et la banque me facture des frais. Je veux être remboursé{e}, frais compris."],
        ["L'augmentation de {pct} % de ma prime cette année est incompréhensible : aucun "
         "sinistre, aucun changement de situation. Je ne suis pas d'accord avec cette hausse "
         "et je souhaite une explication écrite."],
    ],
    "sinistre et indemnisation": [
        ["Mon garage attend depuis le {date} l'accord de l'expert pour réparer ma voiture. "
         "Je suis à pied depuis trois semaines, sans véhicule de prêt alors que mon contrat le "
         "prévoit.", "C'est inacceptable, je demande une prise en charge immédiate."],
        ["Suite au dégât des eaux survenu le {date} dans ma cuisine, l'expert est passé mais "
         "je n'ai toujours reçu aucune proposition d'indemnisation. Cela fait maintenant plus "
         "de six semaines et les travaux ne peuvent pas commencer.",
         "Je suis très mécontent{e} de la lenteur de ce dossier."],
        ["Vous refusez la prise en charge du vol de mon scooter au motif que l'antivol n'était "
         "pas homologué. Je conteste formellement ce refus : l'antivol est celui que le "
         "concessionnaire m'a fourni avec le véhicule.",
         "Je vous demande de réexaminer le dossier."],
        ["L'indemnité proposée, {amount} €, ne couvre même pas la moitié des réparations. Je "
         "joins les deux devis que j'ai obtenus. Je ne peux pas accepter ce montant."],
        ["Mon pare-brise a été remplacé le {date} et la franchise retenue n'est pas celle de "
         "mon contrat. On me réclame {amount} € que je ne dois pas."],
    ],
    "résiliation": [
        ["Malgré ma lettre du {date}, vous me relancez pour une échéance d'un contrat que "
         "j'ai résilié. Je ne paierai pas et je vous demande de clore ce dossier, avec "
         "confirmation écrite."],
        ["J'ai demandé la résiliation de mon contrat par lettre recommandée le {date}, dans le "
         "cadre de la loi Hamon. Vous continuez pourtant à prélever ma cotisation.",
         "Je vous demande d'arrêter ces prélèvements et de me rembourser."],
        ["Ma demande de résiliation après la vente de mon véhicule est restée sans suite. Au "
         "téléphone, on m'a répondu il y a un mois que c'était « en cours ». Ce n'est pas "
         "sérieux."],
        ["Vous avez résilié mon contrat sans me prévenir, pour un prétendu impayé que j'avais "
         "réglé le {date}. Je me retrouve sans assurance du jour au lendemain, c'est "
         "scandaleux."],
    ],
    "qualité de service": [
        ["Je me permets de vous écrire car je suis vraiment fâché{e}. Votre collaboratrice "
         "m'a parlé sur un ton très désagréable au téléphone le {date}, comme si je la "
         "dérangeais.", "Je ne pense pas mériter ça après quinze ans chez vous."],
        ["J'ai appelé votre cabinet à plusieurs reprises la semaine dernière : personne ne "
         "rappelle, et la dernière fois votre collaborateur m'a raccroché au nez. Je n'ai "
         "jamais été traité{e} de la sorte."],
        ["Trois mails depuis le {date}, pas une seule réponse. Je veux bien être patient{e} "
         "mais là, c'est trop. J'attends qu'on s'occupe enfin de mon dossier."],
        ["Le rendez-vous prévu le {date} a été annulé sans qu'on me prévienne. J'avais posé "
         "une demi-journée de congé pour rien, et personne ne s'est excusé."],
    ],
    "données personnelles": [
        ["J'ai reçu le courrier d'une société de crédit qui connaissait le détail de mon "
         "contrat. Je veux savoir à qui vous avez transmis mes données, et je m'oppose à "
         "toute utilisation commerciale."],
        ["Malgré ma demande de suppression de mes coordonnées du {date}, je reçois toujours "
         "vos sollicitations par SMS. C'est contraire au RGPD et je vous demande d'y mettre "
         "fin."],
        ["Un courrier me concernant a été envoyé à mon ancien conjoint, avec des informations "
         "sur ma santé. C'est une atteinte grave à ma vie privée et je tiens à protester."],
    ],
    "autre": [
        ["Votre plaquette promettait un chèque cadeau pour tout parrainage. J'ai parrainé "
         "deux amis au printemps et je n'ai jamais rien reçu, malgré mes demandes.",
         "Je suis mécontent{e} qu'une promesse écrite ne soit pas tenue."],
        ["Votre site internet est inaccessible depuis plus d'une semaine et je ne peux ni "
         "télécharger mes documents ni déclarer quoi que ce soit. Je trouve cela anormal et "
         "je tenais à vous le dire."],
    ],
}

DEMANDS = ["Je vous demande de régulariser ma situation dans les meilleurs délais.",
           "J'attends une réponse écrite de votre part.",
           "Merci de faire le nécessaire rapidement.",
           "Je compte sur vous pour traiter ce problème sérieusement.",
           ""]

THREATS = ["Sans réponse satisfaisante sous quinze jours, je saisirai le Médiateur de "
           "l'assurance.",
           "Si rien ne bouge, je n'hésiterai pas à porter l'affaire devant la Médiation de "
           "l'Assurance.",
           "À défaut d'une solution, je me réserve le droit de saisir le médiateur."]
COPY_NOTE = "J'adresse copie de la présente au Médiateur de l'assurance."

MEDIATOR_OPEN = [
    "Je me permets de vous saisir du litige qui m'oppose à mon courtier, le cabinet Alter "
    "Ego Assurances, et à l'assureur {ins}. Mes réclamations sont restées sans réponse "
    "satisfaisante depuis plus de deux mois.",
    "Par la présente, je sollicite votre intervention dans un différend avec {ins}, "
    "assureur de mon contrat souscrit par l'intermédiaire du cabinet Alter Ego. J'ai épuisé "
    "les voies de recours internes.",
]

MISDIRECTED_DIRECT = [
    "Je vous écris au sujet d'un contrat pris directement auprès de {ins}, et non par "
    "votre cabinet : {prod}, n° {foreign}.",
    "Ce contrat, n° {foreign}, je l'ai pris en direct chez {ins} il y a deux ans ; je vous "
    "écris car vous êtes mon courtier pour le reste.",
]

REQUESTS: dict[str, list[list[str]]] = {
    "demande d'attestation": [
        ["Pourriez-vous m'adresser une attestation d'assurance habitation ? Mon propriétaire "
         "me la réclame avant la fin du mois.", "Je vous en remercie par avance."],
        ["Mon fils s'inscrit au club de judo et on nous demande une attestation de "
         "responsabilité civile. Pouvez-vous me l'envoyer par mail ?"],
    ],
    "demande d'information": [
        ["Votre courrier m'annonce une hausse de cotisation pour 2027. Avant de décider quoi "
         "que ce soit, pouvez-vous m'indiquer ce qui change dans mes garanties ?"],
        ["Je voudrais savoir si mon contrat couvre les dégâts causés par la grêle sur une "
         "véranda. Nous envisageons d'en faire construire une au printemps."],
        ["Est-il possible de payer ma cotisation annuelle en plusieurs fois ? Si oui, "
         "quelles sont les modalités ?"],
        ["Un ami m'a parlé d'un litige avec son assureur qui a fini chez le médiateur. Par "
         "simple curiosité : combien de temps dure en général une médiation ?"],
    ],
    "changement d'adresse": [
        ["Je vous informe de mon déménagement à compter du {date}. Ma nouvelle adresse est "
         "celle indiquée en tête de ce courrier.",
         "Merci de mettre à jour mon dossier et de m'indiquer si cela change ma cotisation."],
    ],
    "demande de devis": [
        ["Je souhaiterais recevoir un devis pour assurer une maison de 110 m² que nous "
         "venons d'acheter, avec dépendance et piscine.", "Je reste joignable par téléphone."],
        ["Nous cherchons une complémentaire santé pour un couple avec deux enfants. Pouvez-"
         "vous nous faire une proposition ?"],
    ],
    "demande de document": [
        ["Pourriez-vous me transmettre une copie des conditions générales de mon contrat ? "
         "Je ne retrouve plus mon exemplaire."],
        ["Je souhaite obtenir mon relevé d'information, je compare les offres pour mon "
         "véhicule."],
        ["Merci de m'envoyer l'échéancier 2027, je n'ai reçu que la première page."],
    ],
}

ADVERTS = [
    ("Bureautique Rhône-Alpes", "Offre de rentrée : -30 % sur le papier et les cartouches "
     "pour les cabinets d'assurance. Livraison gratuite dès 150 € HT."),
    ("Solutions Énergie Habitat", "Faites des économies d'énergie dans vos locaux : audit "
     "gratuit et isolation à 1 €. Contactez notre conseiller dès aujourd'hui."),
    ("Imprimerie Laval & Fils", "Cartes de visite, plaquettes et chemises à rabats : "
     "découvrez nos tarifs spéciaux professionnels jusqu'au 31 décembre."),
]

REPRESENT_OPEN = {
    "avocat": "Je vous écris en qualité de conseil de {civ} {prenom} {nom}{lives}, "
              "titulaire auprès de votre cabinet du contrat n° {ref}.",
    "fille": "Je vous écris au nom de {parent}, {civ} {prenom} {nom}{lives}, qui n'est "
             "plus en mesure de gérer ses papiers. Son contrat porte le n° {ref}.",
    "fils": "Je me permets d'écrire pour {parent}, {civ} {prenom} {nom}{lives}, qui a du "
            "mal à se déplacer. {il} est assuré{e} chez vous sous le n° {ref}.",
    "association": "Notre association a été saisie par {civ} {prenom} {nom}{lives}, "
                   "adhérent{e} de votre cabinet pour le contrat n° {ref}.",
    "curateur": "En ma qualité de curateur de {civ} {prenom} {nom}{lives}, désigné par "
                "jugement du tribunal judiciaire, je vous écris au sujet de son contrat "
                "n° {ref}.",
}
REP_BODY = {
    "sinistre et indemnisation": "Le sinistre déclaré il y a plus de deux mois n'a donné lieu à "
    "aucune proposition d'indemnisation, malgré plusieurs relances restées sans réponse.",
    "cotisation": "Les prélèvements opérés depuis septembre ne correspondent pas à "
    "l'échéancier communiqué ; le trop-perçu atteint {amount} €.",
    "résiliation": "La résiliation demandée le {date} n'a jamais été prise en compte et les "
    "cotisations continuent d'être prélevées.",
    "gestion du contrat": "La modification demandée le {date} n'a toujours pas été effectuée, "
    "ce qui place l'intéressé{e} dans une situation intenable.",
}
REP_TITLES = {"avocat": "Avocat au Barreau de {ville}", "association":
              "Juriste, Association Consommateurs Solidaires", "curateur": "Mandataire judiciaire"}

PROSPECT_COMPLAINTS = [
    ["J'ai demandé un devis sur votre site le {date}. Depuis, rien : ni appel, ni mail. "
     "Et quand j'appelle, on me promet un rappel qui ne vient jamais.",
     "Ce n'est pas une façon de traiter quelqu'un qui voulait devenir client."],
    ["Je ne suis pas client{e} chez vous, mais votre cabinet m'appelle plusieurs fois par "
     "semaine pour me proposer une mutuelle. J'ai dit non à chaque fois.",
     "Je demande que vous effaciez mon numéro et que cela cesse."],
]
PROSPECT_CATEGORIES = ["qualité de service", "données personnelles"]

GREETINGS = ["Madame, Monsieur,", "Monsieur,", "Madame,", "Bonjour,", "Messieurs,"]
CLOSINGS = ["Veuillez agréer, Madame, Monsieur, l'expression de mes salutations distinguées.",
            "Je vous prie de croire, Madame, Monsieur, à mes sentiments les meilleurs.",
            "Dans l'attente de votre réponse, recevez mes salutations.",
            "Cordialement,", "Bien à vous,", "Salutations."]
SUBJECTS = {"avant-vente et conseil": "Contestation du conseil reçu",
            "gestion du contrat": "Modification de contrat non effectuée",
            "cotisation": "Réclamation – prélèvement", "sinistre et indemnisation":
            "Réclamation sur mon sinistre", "résiliation": "Résiliation non prise en compte",
            "qualité de service": "Mécontentement", "données personnelles":
            "Mes données personnelles", "autre": "Réclamation",
            "demande d'attestation": "Demande d'attestation", "demande d'information":
            "Question", "changement d'adresse": "Changement d'adresse", "demande de devis":
            "Demande de devis", "demande de document": "Demande de document",
            "publicité": "Offre spéciale"}
