/* Casing ODS names (src/cli/import_names.c): the names of the bundled
 * model as ODS writes them and as people do. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include "import_names.h"

static void expect_case(const char *ods, const char *want)
{
	char *got = title_case(ods);
	cr_expect_str_eq(got, want, "title_case(\"%s\")", ods);
	free(got);
}

Test(import_names, words_and_small_words)
{
	expect_case("THE DENSHAM SURGERY", "The Densham Surgery");
	expect_case("SOUTH TYNESIDE AND SUNDERLAND NHS FOUNDATION TRUST",
	            "South Tyneside and Sunderland NHS Foundation Trust");
	expect_case("STOCKTON-ON-TEES", "Stockton-on-Tees");
	expect_case("WESTON-SUPER-MARE", "Weston-super-Mare");
	expect_case("HEALTH CENTRE - THE PARTNERSHIP", "Health Centre - The Partnership");
	expect_case("SURGERY (THE GROVE)", "Surgery (The Grove)");
}

Test(import_names, acronyms_initials_and_abbreviations)
{
	expect_case("WEST NORWICH PCN", "West Norwich PCN");
	expect_case("DR A B SMITH", "Dr A B Smith");
	expect_case("DR AM LEWIS", "Dr AM Lewis");
	expect_case("ST JOHNS RD SURGERY", "St Johns Rd Surgery");
	expect_case("SWB PCN", "SWB PCN");
	expect_case("QUEEN ELIZABETH II", "Queen Elizabeth II");
	expect_case("1ST FLOOR", "1st Floor");
	expect_case("THE GPS", "The GPs");
	expect_case("UNIT E7", "Unit E7");
}

/* The acronyms found title-cased in the ODS names, reviewed one by one. */
Test(import_names, reviewed_acronyms_as_written)
{
	expect_case("ANGMERING COPPICE FITZALAN (ACF) PCN", "Angmering Coppice Fitzalan (ACF) PCN");
	expect_case("KIDLINGTON, ISLIP, WOODSTOCK & YARNTON (KIWY) PCN",
	            "Kidlington, Islip, Woodstock & Yarnton (KIWY) PCN");
	expect_case("MPA PCN", "MPA PCN");
	expect_case("UOS STUDENT PCN", "UOS Student PCN");
	expect_case("BASSETLAW SAS PRACTICE", "Bassetlaw SAS Practice");
	expect_case("LOCC PCN", "LOCC PCN");
	expect_case("TASC PCN", "TASC PCN");
	expect_case("FIVEWAYS PCN EA HUB", "Fiveways PCN EA Hub");
	expect_case("THE OM SURGERY", "The Om Surgery");
}

Test(import_names, apostrophes_and_surnames)
{
	expect_case("KING'S COLLEGE HOSPITAL", "King's College Hospital");
	expect_case("GUY'S AND ST THOMAS'", "Guy's and St Thomas'");
	expect_case("O'BRIEN PRACTICE", "O'Brien Practice");
	expect_case("MCKENZIE HOUSE", "McKenzie House");
	expect_case("MACDONALD ROAD", "MacDonald Road");
	expect_case("MACHIN ROAD", "Machin Road");
}

Test(import_names, tidied_and_left_alone)
{
	expect_case("  THE STOKE ROAD  SURGERY, ", "The Stoke Road Surgery");
	expect_case("THE STOKE ROAD SURGERY,", "The Stoke Road Surgery");
	/* a name with lower case is already as people write it */
	expect_case("Bradford District Care NHS Foundation Trust",
	            "Bradford District Care NHS Foundation Trust");
}

Test(import_names, joining_and_places)
{
	char *names[] = { "Barnsley", "Doncaster", "Rotherham" };
	char *s = join_names(names, 3);
	cr_expect_str_eq(s, "Barnsley, Doncaster and Rotherham");
	free(s);
	s = join_names(names, 2);
	cr_expect_str_eq(s, "Barnsley and Doncaster");
	free(s);
	s = join_names(names, 1);
	cr_expect_str_eq(s, "Barnsley");
	free(s);
	s = plain_ons_place("Kingston upon Hull, City of");
	cr_expect_str_eq(s, "Kingston upon Hull");
	free(s);
	s = plain_ons_place("Herefordshire, County of");
	cr_expect_str_eq(s, "Herefordshire");
	free(s);
	s = plain_ons_place("Sheffield");
	cr_expect_str_eq(s, "Sheffield");
	free(s);
	s = plain_ons_place("St. Helens");
	cr_expect_str_eq(s, "St Helens");
	free(s);
	s = plain_ons_place("St. Albans and Hurst.");
	cr_expect_str_eq(s, "St Albans and Hurst.", "only the saint's full stop goes");
	free(s);
}
