"""Framework files used by the tests: a small national plan, good and bad."""

KENYA_PLAN_CSV = """level,code,parent,type,title.en,text.en,text.fr
framework,KE-NBSAP-2030,,nbsap,Kenya National Biodiversity Strategy and Action Plan 2030,,
goal,A,,,Ecosystems,Protect and restore Kenya's ecosystems,Protéger et restaurer les écosystèmes du Kenya
target,A1,A,,,"By 2030, 30 per cent of land, inland waters and coastal and marine areas are conserved through protected areas and other effective area-based conservation measures",
target,A2,A,,,"Migratory birds and their flyways are protected from bycatch, poisoning and collisions with power lines",
target,A3,A,,,"Invasive alien species are eradicated or controlled on priority islands and in wetlands",
goal,B,,,Sustainable use,Use biodiversity sustainably,
target,B1,B,,,"Harmful subsidies to agriculture and fisheries are identified and reformed",
indicator,B1.1,B1,headline,,Amount of harmful subsidies reformed,
"""

BAD_PLAN_CSV = """level,code,parent,type,title.en,text.en
framework,KE-BAD,,nbsap,A bad plan,
goal,A,,,Ecosystems,Protect ecosystems
target,A1,Z,,,A target under a goal that does not exist
target,A1,A,,,The same code twice
objective,X,,,,A level nobody knows
target,A3,A,,,
indicator,I1,nowhere,,,An indicator of nothing
"""

PLAN_YAML = """format: liaison-framework/1
items:
  - {level: framework, code: KE-YAML, title: {en: A plan in YAML}, type: nbsap}
  - {level: goal, code: G, title: {en: Goal}}
  - {level: target, code: T1, parent: G, text: {en: Wetlands of international importance are restored}}
"""
