"""Customisation: which configurations a strategy offers, and what customers do about it.

A product family (:class:`~mtolab.ProductFamily`) has a catalogue of
configurations: every combination of one choice per option group.  Some
customers want more than the catalogue gives (a *bespoke* specification:
a colour, a size, a fitting of their own).  What a strategy can offer:

- make to order: any configuration, bespoke ones included;
- assemble to order: every combination of its stocked modules, that is
  the whole catalogue, but nothing bespoke;
- make to stock: only the configurations it chooses to stock (the most
  popular first);
- the hybrid: its stocked configurations from stock, everything else made
  to order.

A customer whose exact configuration is not offered either takes the
*standard* configuration (the most popular one on offer) at the standard
price, or walks away.  Each customer's wishes are drawn once per scenario,
from the scenario's seed, so every strategy faces the very same customers
(common random numbers): who wants a bespoke product, and who would accept
the standard one.  The strategies differ only in what they offer.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["Offer", "CustomerChoices", "customer_choices", "offered_demand", "expected_shares"]


@dataclass(frozen=True)
class Offer:
    """What a strategy offers.

    Attributes
    ----------
    offered : ndarray of bool, shape (n,)
        Catalogue configurations on offer.
    bespoke : bool
        Whether bespoke specifications are made (only to order).
    standard : int
        The configuration customers take instead when theirs is not offered
        (the most popular one on offer).
    """

    offered: np.ndarray
    bespoke: bool
    standard: int

    @classmethod
    def of(cls, shares, offered, bespoke: bool) -> Offer:
        """An offer of the configurations ``offered`` (a boolean mask), given their shares."""
        offered = np.asarray(offered, dtype=bool)
        if not offered.any():
            raise ValueError("an offer needs at least one configuration")
        standard = int(np.flatnonzero(offered)[np.argmax(np.asarray(shares)[offered])])
        return cls(offered=offered, bespoke=bool(bespoke), standard=standard)

    @property
    def everything(self) -> bool:
        """Every catalogue configuration and bespoke ones: nobody needs a substitute."""
        return bool(self.offered.all() and self.bespoke)


@dataclass(frozen=True)
class CustomerChoices:
    """What each period's customers want, beyond the configuration they order.

    Attributes
    ----------
    bespoke : ndarray of int, shape (R, T, n)
        Customers of each configuration who want it changed to a bespoke
        specification.
    accept_standard : ndarray of int, shape (R, T, n)
        Of the other customers of each configuration, those who would take
        the standard configuration if theirs were not offered.
    bespoke_accept_standard : ndarray of int, shape (R, T)
        Of the bespoke customers, those who would take the standard one.
    """

    bespoke: np.ndarray
    accept_standard: np.ndarray
    bespoke_accept_standard: np.ndarray


def customer_choices(demand: np.ndarray, bespoke_share: float, substitution: float,
                     seed: int) -> CustomerChoices:
    """Draw the customers' wishes: binomial thinning of each configuration's orders.

    Each customer independently wants a bespoke specification with
    probability ``bespoke_share``, and would take the standard
    configuration instead of their own with probability ``substitution``.

    Parameters
    ----------
    demand : ndarray of int, shape (R, T, n)
        Customers ordering each catalogue configuration.
    bespoke_share : float
        :math:`b`, probability that a customer wants a bespoke specification.
    substitution : float
        :math:`s`, probability that a customer takes the standard
        configuration when theirs is not offered.
    seed : int
        Seed of these draws (the same customers for every strategy).

    Returns
    -------
    CustomerChoices
    """
    rng = np.random.default_rng(np.random.SeedSequence([seed, 2]))
    bespoke = rng.binomial(demand, bespoke_share) if bespoke_share > 0 else np.zeros_like(demand)
    accept = rng.binomial(demand - bespoke, substitution)
    bespoke_accept = rng.binomial(bespoke.sum(axis=2), substitution)
    return CustomerChoices(bespoke=bespoke, accept_standard=accept,
                           bespoke_accept_standard=bespoke_accept)


def offered_demand(demand: np.ndarray, choices: CustomerChoices, offer: Offer) -> dict:
    """The orders a strategy receives from the customers, given what it offers.

    Parameters
    ----------
    demand : ndarray of int, shape (R, T, n)
        Customers ordering each catalogue configuration.
    choices : CustomerChoices
        Their wishes (:func:`customer_choices`).
    offer : Offer
        What the strategy offers.

    Returns
    -------
    dict
        ``orders`` ``(R, T, n)``: orders of each catalogue configuration
        (zero where not offered; the standard one includes substitutes);
        ``bespoke`` ``(R, T)``: bespoke orders (zero unless offered);
        ``substituted`` and ``walked_away`` ``(R, T)``.
    """
    standard_part = demand - choices.bespoke
    missing = ~offer.offered
    orders = np.where(offer.offered, standard_part, 0)
    substituted = (choices.accept_standard * missing).sum(axis=2)
    walked = ((standard_part - choices.accept_standard) * missing).sum(axis=2)
    if offer.bespoke:
        bespoke = choices.bespoke.sum(axis=2)
    else:
        bespoke = np.zeros(demand.shape[:2], dtype=demand.dtype)
        substituted = substituted + choices.bespoke_accept_standard
        walked = walked + choices.bespoke.sum(axis=2) - choices.bespoke_accept_standard
    orders[:, :, offer.standard] += substituted
    return {"orders": orders, "bespoke": bespoke, "substituted": substituted,
            "walked_away": walked}


def expected_shares(shares, offer: Offer, bespoke_share: float, substitution: float):
    """Expected share of all customers that ends up ordering each catalogue configuration.

    :math:`p'_i = p_i (1 - b)` for a configuration on offer and 0 otherwise;
    the standard configuration also gets :math:`s` times the share of
    customers whose wish is not offered.  The planner forecasts and sizes
    stock with these shares.

    Parameters
    ----------
    shares : array_like, shape (n,)
        :math:`p_i`, each configuration's share of customers.
    offer : Offer
        What the strategy offers.
    bespoke_share, substitution : float
        :math:`b` and :math:`s`, as in :func:`customer_choices`.

    Returns
    -------
    ndarray, shape (n,)
    """
    p = np.asarray(shares, dtype=float) * (1.0 - bespoke_share)
    missing = p[~offer.offered].sum() + (0.0 if offer.bespoke else bespoke_share)
    out = np.where(offer.offered, p, 0.0)
    out[offer.standard] += substitution * missing
    return out
