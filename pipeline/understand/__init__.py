"""The understand stage: what an item says (complaint or not, who, about what, when, to whom)."""
