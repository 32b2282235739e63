//! The rules of a coach server's accounts that every front end shares: who
//! may manage accounts or coach, where an account without a training
//! profile starts, and the links between a coach and an athlete asked by
//! the other account's name. The coach pages and the API call these, so a
//! rule is written once.
//!
//! Names are how people address each other here. A link asked by name
//! answers an unknown name the same way as a name with no link, so it
//! never tells whether the other account exists or is linked elsewhere.

use keel_store::StoreError;
use keel_store::accounts::{Accounts, LinkedUser, SignedIn, UserId};

use crate::auth::Role;

/// Whether `user` may manage accounts.
pub fn is_admin(user: &SignedIn) -> bool {
    Role::parse(&user.role) == Ok(Role::Admin)
}

/// Whether `user` may invite athletes and see those who accepted (a
/// coach, or an admin).
pub fn can_coach(user: &SignedIn) -> bool {
    matches!(Role::parse(&user.role), Ok(Role::Coach | Role::Admin))
}

/// Whether `user`, having no training profile of their own, starts on the
/// coach dashboard rather than on athlete onboarding: a coach does, since
/// their work is there. An admin does not: the household's admin is often
/// its own athlete (the first account is the admin).
pub fn starts_on_dashboard(user: &SignedIn) -> bool {
    Role::parse(&user.role) == Ok(Role::Coach)
}

/// A change to the link between the signed-in account and another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkChange {
    /// The athlete accepts the named coach's invitation.
    Accept,
    /// The athlete withdraws the named coach's access (or declines their
    /// invitation).
    Withdraw,
    /// The coach stops coaching the named athlete (or cancels the
    /// invitation).
    Drop,
}

/// Applies `change` between `me` and the account named `other`. `false`
/// when there is no such link: an unknown name and a link the store
/// refuses give the same answer, so it never tells whether the name exists.
pub fn change_link<A: Accounts + ?Sized>(
    accounts: &A,
    me: UserId,
    change: LinkChange,
    other: &str,
) -> keel_store::Result<bool> {
    let Some(other) = accounts.user_by_name(other)? else {
        return Ok(false);
    };
    let done = match change {
        LinkChange::Accept => accounts.accept(me, other.id),
        LinkChange::Withdraw => accounts.withdraw_coach(me, other.id),
        LinkChange::Drop => accounts.drop_athlete(me, other.id),
    };
    match done {
        Ok(()) => Ok(true),
        Err(StoreError::Invalid(_)) => Ok(false),
        Err(err) => Err(err),
    }
}

/// `coach` invites the account named `athlete`; `false` when there is no
/// such account. Unlike the other links this answer does say whether the
/// name exists, so a mistyped name is caught at once (names are not
/// secret; what an athlete does is). Inviting again while pending changes
/// nothing; inviting oneself or as an athlete is refused by the store.
pub fn invite_named<A: Accounts + ?Sized>(
    accounts: &A,
    coach: UserId,
    athlete: &str,
) -> keel_store::Result<bool> {
    let Some(athlete) = accounts.user_by_name(athlete)? else {
        return Ok(false);
    };
    accounts.invite(coach, athlete.id)?;
    Ok(true)
}

/// The names of the coaches whose invitation `me` has not answered yet.
pub fn pending_invitations<A: Accounts + ?Sized>(
    accounts: &A,
    me: UserId,
) -> keel_store::Result<Vec<String>> {
    Ok(accounts
        .invitations_of(me)?
        .into_iter()
        .map(|coach| coach.name)
        .collect())
}

/// The athlete named `name`, when they accepted `coach`; `None` otherwise,
/// whether or not the name exists.
pub fn athlete_named<A: Accounts + ?Sized>(
    accounts: &A,
    coach: UserId,
    name: &str,
) -> keel_store::Result<Option<LinkedUser>> {
    Ok(accounts
        .athletes_of(coach)?
        .into_iter()
        .find(|athlete| athlete.name == name))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use keel_store::{SharedSqlite, SqliteStore};

    use super::*;

    fn signed_in(role: &str) -> SignedIn {
        SignedIn {
            id: UserId::new(1),
            name: "ann".into(),
            role: role.into(),
            revision: Default::default(),
        }
    }

    /// A household with a coach, two athletes and the admin (the first
    /// account), none of them linked.
    fn household() -> (SharedSqlite, [UserId; 3]) {
        let db = SharedSqlite::new(SqliteStore::open_in_memory().unwrap());
        db.add_user("root", "admin", "x").unwrap();
        let ids = ["coach", "ann", "bob"].map(|name| {
            let role = if name == "coach" { "coach" } else { "athlete" };
            db.add_user(name, role, "x").unwrap();
            db.user_by_name(name).unwrap().unwrap().id
        });
        (db, ids)
    }

    #[test]
    fn roles_decide_who_manages_coaches_and_starts_on_the_dashboard() {
        let admin = signed_in("admin");
        let coach = signed_in("coach");
        let athlete = signed_in("athlete");
        assert!(is_admin(&admin) && !is_admin(&coach) && !is_admin(&athlete));
        assert!(can_coach(&admin) && can_coach(&coach) && !can_coach(&athlete));
        assert!(starts_on_dashboard(&coach));
        assert!(!starts_on_dashboard(&admin) && !starts_on_dashboard(&athlete));
        assert!(!is_admin(&signed_in("wizard")) && !can_coach(&signed_in("")));
    }

    #[test]
    fn an_unknown_name_answers_as_a_missing_link() {
        let (db, [coach, ann, _]) = household();
        for change in [LinkChange::Accept, LinkChange::Withdraw] {
            assert!(!change_link(&db, ann, change, "nobody").unwrap());
            // A real coach who never invited: the same answer.
            assert!(!change_link(&db, ann, change, "coach").unwrap());
        }
        assert!(!change_link(&db, coach, LinkChange::Drop, "nobody").unwrap());
        assert!(!change_link(&db, coach, LinkChange::Drop, "ann").unwrap());
        assert!(athlete_named(&db, coach, "ann").unwrap().is_none());
    }

    #[test]
    fn an_invitation_to_an_unknown_name_says_so_and_stores_nothing() {
        let (db, [coach, ann, _]) = household();
        assert!(!invite_named(&db, coach, "nobody").unwrap());
        assert!(db.invitations_sent(coach).unwrap().is_empty());
        // The store's own refusals stay errors: a coach inviting themself.
        assert!(invite_named(&db, coach, "coach").is_err());
        assert!(invite_named(&db, coach, "ann").unwrap());
        assert_eq!(pending_invitations(&db, ann).unwrap(), ["coach"]);
    }

    #[test]
    fn an_invitation_is_pending_then_accepted_then_dropped() {
        let (db, [coach, ann, bob]) = household();
        assert!(invite_named(&db, coach, "ann").unwrap());
        assert!(invite_named(&db, coach, "bob").unwrap());
        assert_eq!(pending_invitations(&db, ann).unwrap(), ["coach"]);

        assert!(change_link(&db, ann, LinkChange::Accept, "coach").unwrap());
        assert!(pending_invitations(&db, ann).unwrap().is_empty());
        assert_eq!(athlete_named(&db, coach, "ann").unwrap().unwrap().id, ann);
        // Bob has not accepted: not an athlete of the coach yet.
        assert!(athlete_named(&db, coach, "bob").unwrap().is_none());

        assert!(change_link(&db, bob, LinkChange::Withdraw, "coach").unwrap());
        assert!(pending_invitations(&db, bob).unwrap().is_empty());
        assert!(change_link(&db, coach, LinkChange::Drop, "ann").unwrap());
        assert!(athlete_named(&db, coach, "ann").unwrap().is_none());
        assert!(!change_link(&db, coach, LinkChange::Drop, "ann").unwrap());
    }
}
