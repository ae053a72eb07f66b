"""The seed's Annex II (Intersessional Work) as ``load_seed`` loads it, cell by cell.

EXPECTED_GROUPS is copied from ../shared/seeds/000_572ce933c0ac0340.txt by hand; the
coordinators/volunteers split follows the Word original, where a line break ended the
coordinators ("Coordinator: US and EU" / "India, GEA, ...").
"""

import pytest

from intersessional.models import IntersessionalGroup, Participation
from workplan.models import WorkingGroup
from workplan.imports.seed import seed_load

# (No., Item of Work, Volunteers cell without <p> tags, coordinators, volunteers, topics)
EXPECTED_GROUPS = [
    (1, "Definitions and Technical Specifications",
     "Coordinator: US and EU India, GEA, Japan, Amazon, FIATA, EEC, Mexico, UK, Australia, "
     "China, Sweden; Google, UPU, The Netherlands",
     ["US", "EU"],
     ["India", "GEA", "Japan", "Amazon", "FIATA", "EEC", "Mexico", "UK", "Australia", "China",
      "Sweden", "Google", "UPU", "The Netherlands"],
     [1, 3]),
    (2, "Flow Charts and Data Elements",
     "Coordinator: Canada and China GEA, UK, Japan, IATA, Amazon, FIATA, UNECE, France, EEC, "
     "US, EU, UPS, Sweden, UPU, The Netherlands, IFCBA",
     ["Canada", "China"],
     ["GEA", "UK", "Japan", "IATA", "Amazon", "FIATA", "UNECE", "France", "EEC", "US", "EU",
      "UPS", "Sweden", "UPU", "The Netherlands", "IFCBA"],
     [2]),
    (3, "E-Commerce Business Models and E-Commerce Stakeholders: Roles and Responsibilities",
     "Coordinator: China and Amazon GEA, Japan, ICC, FIATA, UNECE, US, France, UPU, "
     "The Netherlands, EEC, Spain, IFCBA",
     ["China", "Amazon"],
     ["GEA", "Japan", "ICC", "FIATA", "UNECE", "US", "France", "UPU", "The Netherlands", "EEC",
      "Spain", "IFCBA"],
     [6]),
    (4, "Revenue Collection Models",
     "Coordinator: Australia and ICC OECD, Canada, Amazon, Australia, EU, China, UPS, Brazil, "
     "EEC, US, Spain, The Netherlands, IFCBA",
     ["Australia", "ICC"],
     ["OECD", "Canada", "Amazon", "Australia", "EU", "China", "UPS", "Brazil", "EEC", "US",
      "Spain", "The Netherlands", "IFCBA"],
     [6]),
    (5, "Implementation Strategy, Action Plan, and Capacity Building mechanism",
     "Coordinator: EU Australia, IATA, UPU, FIATA",
     ["EU"],
     ["Australia", "IATA", "UPU", "FIATA"],
     [4]),
]


@pytest.fixture
def wgec(seed_once, db):
    return WorkingGroup.objects.get(acronym="WGEC")


def test_seed_has_the_five_groups(wgec):
    assert list(IntersessionalGroup.objects.filter(working_group=wgec)
                .values_list("number", flat=True)) == [1, 2, 3, 4, 5]


@pytest.mark.parametrize("expected", EXPECTED_GROUPS, ids=lambda e: f"group{e[0]}")
def test_seed_group_cell_by_cell(wgec, expected):
    number, item, text, coordinators, volunteers, topics = expected
    group = IntersessionalGroup.objects.get(working_group=wgec, number=number)
    assert group.item_of_work == item
    assert group.volunteers_text == text
    assert [p.short_name for p in group.coordinators()] == coordinators
    assert [p.short_name for p in group.volunteers()] == volunteers
    assert sorted(t.number for t in group.topics.all()) == topics


def test_australia_coordinates_and_volunteers_in_group_4(wgec):
    roles = set(Participation.objects.filter(group__number=4, party__short_name="Australia")
                .values_list("role", flat=True))
    assert roles == {"coordinator", "volunteer"}


def test_group_topic_links_survive_a_second_load(wgec):
    group = IntersessionalGroup.objects.get(working_group=wgec, number=3)
    group.topics.clear()
    assert seed_load().groups_linked == 1
    assert [t.number for t in group.topics.all()] == [6]
