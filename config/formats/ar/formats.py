# Django's Arabic locale writes 3500,00; Saudi readers of Western digits expect 3,500.00.
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
