"""Intersessional group permissions (intersessional/rules.py)."""

from tests.support.roles import world  # noqa: F401


def test_only_secretariat_changes_groups(world):
    assert world.users.secretariat.has_perm("intersessional.change_group", world.ig1)
    for user in (world.users.coord1, world.users.coord4, world.users.delegate):
        assert not user.has_perm("intersessional.change_group", world.ig1)
        assert user.has_perm("intersessional.view_group", world.ig1)


def test_coordinators_coordinate_their_own_group_only(world):
    assert world.users.coord1.has_perm("intersessional.coordinate_group", world.ig1)
    assert not world.users.coord1.has_perm("intersessional.coordinate_group", world.ig4)
    assert world.users.coord4.has_perm("intersessional.coordinate_group", world.ig4)
    # Japan volunteers for group 1: volunteering gives no coordinator rights.
    assert not world.users.delegate.has_perm("intersessional.coordinate_group", world.ig1)
