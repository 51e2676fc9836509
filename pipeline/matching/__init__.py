"""The match stage: an item's claimant and references linked to the client register.

`keys` folds names, streets, postal codes, phones and numbers; `similarity` compares names
and streets and says when a name agrees only in part; `register_numbers` indexes the register's
contract and claim numbers; `signals` is what each look-up says about a client; `index`
builds the look-ups once per worker (`ClientIndex`) and gathers an item's signals;
`weighing` decides between them; `stage` is the stage itself (`link_item`).
"""
