"""The recommended core institutions of a working group, and which a roster lacks."""

from sinergi.pokja.models import Institution
from sinergi.regions.models import Region

R = Institution.CoreRole

# The eight members of the national Pokja AMPL.
NATIONAL_CORE = [
    R.PLANNING,
    R.PUBLIC_WORKS,
    R.HOME_AFFAIRS,
    R.HEALTH,
    R.EDUCATION,
    R.ENVIRONMENT,
    R.FINANCE,
    R.STATISTICS,
]

# Provinces and kabupaten/kota: Bappeda, public works, health, community and village
# empowerment, environment, education, forestry, communication and informatics, a university
# and an NGO, each at the level of the region.
REGIONAL_CORE = [
    R.PLANNING,
    R.PUBLIC_WORKS,
    R.HEALTH,
    R.VILLAGE_EMPOWERMENT,
    R.ENVIRONMENT,
    R.EDUCATION,
    R.FORESTRY,
    R.COMMUNICATION,
    R.UNIVERSITY,
    R.NGO,
]

# A category that fills a core function without the function being set on the institution.
CATEGORY_ROLES = {
    Institution.Category.BAPPEDA: R.PLANNING,
    Institution.Category.UNIVERSITY: R.UNIVERSITY,
    Institution.Category.NGO: R.NGO,
}


def core_roles_for(group) -> list[Institution.CoreRole]:
    return NATIONAL_CORE if group.region.level == Region.Level.NATIONAL else REGIONAL_CORE


def roles_filled_by(institution) -> set[str]:
    filled = {institution.core_role} if institution.core_role else set()
    if institution.category in CATEGORY_ROLES:
        filled.add(CATEGORY_ROLES[institution.category])
    return filled


def missing_core_roles(group, memberships) -> list[Institution.CoreRole]:
    """The core functions that no institution represented in `memberships` fills."""
    filled = set()
    for membership in memberships:
        if membership.institution is not None:
            filled |= roles_filled_by(membership.institution)
    return [role for role in core_roles_for(group) if role not in filled]
