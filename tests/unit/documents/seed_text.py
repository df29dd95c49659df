# ruff: noqa: E501
"""The seed session: the real extract of the register the documents must reproduce
(comité syndical of a syndicat mixte ouvert, 28 November 2018, deliberation 2018-27):
the exposé, the five visas and the four articles, word for word."""

EXPOSE = (
    "Les dispositions de la loi n°2013-595 du 8 juillet 2013 d'orientation et de programmation pour la refondation de l'École de la République ont confié aux collectivités, aux côtés de l'État, une responsabilité qui est essentielle au bon fonctionnement et au développement du numérique éducatif des établissements scolaires du premier et second degré.",
    "Dans ce cadre, les collectivités déploient sur leur territoire un service éducatif numérique appelé Environnement Numérique de Travail (ENT) de haute qualité offrant à chaque membre de la communauté éducative un accès dédié, sécurisé et simplifié, aux informations et outils nécessités par son activité.",
    "Élément central et structurant du numérique éducatif, la dynamique des ENT fait l'objet d'une attention particulière des collectivités et des autorités académiques. En effet, les enjeux du numérique tout comme les moyens nécessaires pour y répondre sont considérables et la nécessité d'imaginer des solutions collectives se fait de plus en plus pressante.",
    "Depuis 2011, l'espace numérique « Savoirs numériques » est partagé dans le versant Nord de la Région Hauts-de-France par l'ensemble des collégiens, lycéens et apprentis grâce à un marché unique porté par un groupement de commande réunissant la collectivité régionale, les conseils départementaux du Nord et du Pas-de-Calais, l'Académie de Lille et la Direction Régionale de l'Alimentation, de l'Agriculture et de la Forêt (DRAAF) en ce qui concerne l'enseignement agricole.",
    "Depuis cette même date, l'espace numérique « LEO » est partagé et utilisé dans le versant SUD de la Région Hauts-de-France par l'ensemble des lycéens de l'Académie d'Amiens et de la DRAAF en ce qui concerne l'enseignement agricole.",
    "Les départements de l'Oise, de l'Aisne et de la Somme déploient depuis plusieurs années des solutions d'ENT distinctes à destination des collégiens.",
    "Enfin pour les établissements du premier degré, une solution d'ENT est déployée sur le territoire de la Somme via le syndicat mixte Somme Numérique et sur le territoire du bassin minier (Nord et Pas-de-Calais) avec le soutien financier de l'académie de Lille dans le cadre du plan national \"Engagement du renouveau du bassin minier du Nord et du Pas-de-Calais\".",
    "C'est dans ce cadre que les différentes collectivités et groupements de collectivités susmentionnés ont émis le souhait d'adopter une stratégie de convergence des ENT qui vise à une harmonisation des plateformes support des ENT entre le versant Nord et le versant Sud de la Région Hauts de France et à intégrer également les partenariats avec l'ensemble des Départements du territoire des Hauts-de-France ainsi qu'avec les autorités académiques.",
    "Cette stratégie de convergence des ENT sur l'ensemble du territoire Hauts-de-France doit permettre :",
    "- d'offrir un service numérique innovant et structurant,\n- d'assurer la cohérence et l'homogénéité territoriale,\n- de bénéficier d'économie d'échelle et de maintenance,\n- de disposer d'un accompagnement aux usages optimisé et mutualisé,\n- de proposer une assistance mutualisée et centralisée,\n- de prendre en compte le continuum 1er degré/2nd degré.\n- d'ouvrir ce nouvel ENT sur l'ensemble du territoire à la rentrée scolaire 2019.",
    "A cette fin, il est proposé que cette stratégie de convergence soit portée par le groupement de commandes pour la mise en œuvre, la maintenance et l'hébergement d'un environnement numérique de travail sur le territoire régional des Hauts de France associant la Région, les cinq départements du territoire des Hauts-de-France, les Académies de Lille et d'Amiens et la DRAAF.",
    "Ce groupement de commande pourra ainsi lancer un nouveau marché portant sur la mise en œuvre d'une solution d'ENT, sa maintenance et son hébergement ; ce marché portant sur le second degré (lycéens et collégiens) et le premier degré (écoles maternelles et élémentaires).",
    "Pour le premier degré, les syndicats mixtes et établissements publics situés sur le territoire de la région Hauts-de-France et exerçant une ou plusieurs compétence(s) dans le domaine du développement du numérique et de ses usages sont invités à participer au groupement de commande au titre des communes et EPCI de leurs territoires respectifs.",
    "Ces syndicats mixtes et établissements publics sont :",
    "- Le SMO Somme numérique pour le département de la Somme,\n- Le SMO Oise THD pour le département de l'Oise,\n- L'Agence départementale d'ingénierie pour les collectivités de l'Aisne (ADICA) pour le département de l'Aisne,\n- Le SMO Nord Pas-de-Calais Numérique pour les départements du Nord et du Pas-de-Calais.",
    "Afin d'optimiser la rédaction de ce nouveau marché tout en prenant soin de capitaliser sur l'ensemble des expériences des différentes parties prenantes, il est proposé aux partenaires que, conformément à ce que prévoit la convention constitutive du groupement de commandes, la Région Hauts-de-France assure la coordination du groupement de commandes. La CAO du groupement de commandes est celle de la Région.",
)

VISAS = (
    "Vu la loi n°2013-595 du 8 juillet 2013 d'orientation et de programmation pour la refondation de l'École de la République",
    "Vu l'Ordonnance n° 2015-899 du 23 juillet 2015 relative aux marchés publics,",
    "Vu le Décret n° 2016-360 du 25 mars 2016 relatif aux marchés publics,",
    "Vu les statuts du Syndicat,",
    "Vu la convention constitutive d'un groupement de commandes ayant pour objet la mise en œuvre, la maintenance et l'hébergement d'un environnement numérique de travail sur le territoire régional des Hauts-de-France conclue entre la Région Hauts de France, le Département du Nord, le Département du Pas de Calais, la DRAAF, les Académies de Lille et d'Amiens, annexée à la présente délibération,",
)

ARTICLES = (
    "DECIDE de l'adhésion du SMO Nord Pas-de-Calais Numérique au groupement de commandes pour la mise en œuvre, la maintenance et l'hébergement d'un environnement numérique de travail sur le territoire régional des Hauts de France,",
    "AUTORISE Monsieur le Président à notifier au Conseil régional des Hauts de France l'adhésion du SMO Nord Pas-de-Calais Numérique au groupement de commande dont la convention constitutive est jointe en annexe et à prendre toute mesure nécessaire à l'exécution de la présente délibération et notamment à signer ladite convention constitutive,",
    "S'ENGAGE à régler les sommes dues au titre des contrats visés par la convention de groupement et à les inscrire préalablement au budget.",
    "Le Président et le Directeur seront chargés, chacun en ce qui le concerne, de l'exécution de la présente décision.",
)
