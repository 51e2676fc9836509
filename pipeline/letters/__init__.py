"""The letters the procedure owes the claimant: which ones, their wording, their files."""
