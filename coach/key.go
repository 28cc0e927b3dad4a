package coach

// DealKey names one deal: the workspace it lives in, the person who owns it
// and its id. A store finds a deal only under its full key, so whoever holds
// a key for (team, me, id) can reach my deals and nobody else's: the bot
// builds keys with the person who typed or pressed as the owner.
//
// It is comparable, so it can key a map, and it travels as one value where
// three loose strings could be mixed up.
type DealKey struct {
	Team  string
	Owner string
	ID    string
}

// String formats the key for logs and errors: "T1/U1/d0123".
func (k DealKey) String() string { return k.Team + "/" + k.Owner + "/" + k.ID }

// Key returns the deal's key.
func (d *Deal) Key() DealKey { return DealKey{Team: d.Team, Owner: d.Owner, ID: d.ID} }
