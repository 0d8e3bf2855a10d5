/*
 * page_survey.h: what the survey pages share: state labels, times, the
 * survey's template variables, and the answering page.
 */
#ifndef SHOKAI_PAGE_SURVEY_H
#define SHOKAI_PAGE_SURVEY_H

#include "workflow.h"

#include "response.h"

#include "answer.h"
#include "org.h"
#include "survey.h"

#include <jansson.h>
#include <stdint.h>

struct arena;
struct req;
struct tpl_vars;

/* 未回答 / 一時保存 / 提出済 for "none" / "draft" / "submitted". */
const char *state_label(const char *state);
/* How a response's state reads to a person, and its CSS class: 差戻し and
   承認待ち before the stored state, 締切 for an unsubmitted one after the
   deadline (closed), a draft over a submitted version said as such. The
   list of surveys and the answering page say the same. */
struct state_display {
    const char *label, *css;
};
struct state_display response_state_display(const struct response *resp,
                                            const struct workflow_status *ws, bool closed);
/* "締切まで 3日 4時間", or "締切を過ぎています" (in a). */
const char *survey_time_left(struct arena *a, int64_t closes_at);
/* Sets <prefix>_wareki and <prefix>_iso (JST) for time t. */
void page_time_vars(struct tpl_vars *v, const char *prefix, int64_t t);
/* Sets survey_id, survey_title, description, the period, and the 団体 (org may be NULL). */
void page_survey_vars(struct tpl_vars *v, const struct survey *s, const struct org *org);
/* Renders the answering page: the form when the user may write now, else the
   answers read-only. answers NULL shows the stored newest version; version < 0
   uses the stored version in the form. */
void page_answer_render(struct req *r, int status, const struct survey *s, const struct org *org,
                        json_t *answers, const struct answer_issues *issues, long version,
                        const char *message, const char *warning);
/* The answering page after a table's row was added or removed (answers not
   saved yet), its last row taking the focus. */
void page_answer_render_rows(struct req *r, const struct survey *s, const struct org *org,
                             json_t *answers, long version, const char *table);

#endif
