"""The pilot evaluation's statistics recomputed by libraries nobody here wrote (Debian's
python3-scipy and python3-statsmodels), from the tables as published: pilot_seat_change (one row
per seat: group, change, excluded) and the seat_month values behind it. Prints "name value" lines;
evaluate/IndependentCheckTest compares them with pilot_evaluation's own figures.

usage: python3 independent_check.py DIR  (DIR holds pilot_seat_change.csv, seat_month.csv, check.csv)
"""
import sys

import numpy as np
import pandas as pd
import scipy
import statsmodels
import statsmodels.formula.api as smf
from scipy import stats

folder = sys.argv[1]
seats = pd.read_csv(f"{folder}/pilot_seat_change.csv")
seats = seats[~seats["excluded"]]
pilot = seats.loc[seats["seat_group"] == "pilot", "change"].to_numpy()
control = seats.loc[seats["seat_group"] == "control", "change"].to_numpy()
check = pd.read_csv(f"{folder}/check.csv").iloc[0]

print("scipy_version", scipy.__version__)
print("statsmodels_version", statsmodels.__version__)


def abs_difference(x, y, axis):
    return np.abs(np.mean(x, axis=axis) - np.mean(y, axis=axis))


def permutation_p(x, y):
    # every way of splitting the seats into groups of the same sizes (n_resamples=inf: exact);
    # |difference of means| as the statistic, so 'greater' is the two-sided test by |did|
    return stats.permutation_test((x, y), abs_difference, permutation_type="independent",
                                  alternative="greater", n_resamples=np.inf, vectorized=True).pvalue


print("did", pilot.mean() - control.mean())
print("p_randomisation", permutation_p(pilot, control))
for end in ("ci_low_randomisation", "ci_high_randomisation"):
    # the interval's ends invert the test: just inside, p > 0.05; just outside, p <= 0.05
    step = 1e-6 if end == "ci_low_randomisation" else -1e-6
    print(end + "_inside_p", permutation_p(pilot - (check[end] + step), control))
    print(end + "_outside_p", permutation_p(pilot - (check[end] - step), control))
print("p_welch", stats.ttest_ind(pilot, control, equal_var=False).pvalue)

# difference in differences as a regression on the seat-months, standard errors clustered by seat
months = pd.read_csv(f"{folder}/seat_month.csv")
months = months[months["seat_code"].isin(seats["seat_code"])]
months["pilot"] = (months["seat_group"] == "pilot").astype(float)
months["post"] = (months["event_month"] >= 0).astype(float)
ols = smf.ols("value ~ pilot * post", data=months).fit(cov_type="cluster", cov_kwds={"groups": months["seat_code"]})
print("did_ols", ols.params["pilot:post"])
print("did_ols_cluster_se", ols.bse["pilot:post"])

# the pre-trend: each seat's least-squares slope over its pre months, pilot mean minus control mean
pre = months[months["event_month"] < 0]
slopes = {seat: smf.ols("value ~ event_month", data=g).fit().params["event_month"]
          for seat, g in pre.groupby("seat_code")}
group = seats.set_index("seat_code")["seat_group"]
pilot_slopes = [slopes[s] for s in group.index if group[s] == "pilot"]
control_slopes = [slopes[s] for s in group.index if group[s] == "control"]
print("pre_trend_difference", np.mean(pilot_slopes) - np.mean(control_slopes))
