#!/usr/bin/env python3
"""make_selfcheck.py: writes seeds/surveys/04-selfcheck-guideline.json, the
per-clause self-check of the guideline's 対策基準 (reference 004's clause tree).

Provenance is data, never part of a label: an item whose wording comes from a
reference document carries "source" {"document", "file", "part"[, "page"]} (the slide
or table it is taken from; the extracted text has no page numbers for most
slides, so "page" is given only where the text prints one), and the page shows
it on demand (「出典」). The others are written from the clause title. An
item's level (必須/推奨) is "level_assumed" unless a reference document gives
it (only 図表42/43 of reference 000 do). Applicability: items that depend on
the model, on 無線LAN use or on the α' case are shown only when they apply
(visible_if), and hidden items count as 該当なし. Run from the repository root.
"""
import json

T, O = "技術的対策", "組織的・人的対策"
CASES = ["（ア）認証・ウイルス定義体の取得のみ", "（イ）コミュニケーションツールを利用するがファイルを内部に取り込まない",
         "（ウ）コミュニケーションツールを利用し外部とファイル送受信を行う"]
NO_ALPHA_DASH = "α'モデルを利用していない"
WLAN = ["LGWAN接続系で利用している", "マイナンバー利用事務系でも利用している", "利用していない"]

# The reference documents (../shared/reference/INDEX.md): the title users read, and the file.
R000 = ("令和7年2月 意見照会の結果（総務省）", "000_166c0f8acb92222b.txt")
R004 = ("情報セキュリティポリシーに関するガイドラインの概要資料（総務省）", "004_7c4f11a750a5dd79.txt")
# The slides and tables items are taken from (reference 004 unless named).
CASE_A = (R004, "α’モデルの対策（クラウドサービスのライセンス認証・認可のみの場合）")
CASE_I = (R004, "α’モデルの対策（コミュニケーションツールを利用するがファイルを内部に取り込まない場合）")
CASE_U = (R004, "α’モデルの対策（外部とファイル送受信を行う場合）")
BETA_DASH = (R004, "β´モデルについて（※β´モデルの採用には、技術的対策に加え、緊急時即応体制の整備等の組織的・人的対策の確実な実施が条件）")
FIG42 = (R000, "図表42 LGWAN接続系における無線LAN利用の要件")
FIG43 = (R000, "図表43 マイナンバー利用事務系における無線LAN利用の要件")
OUTSOURCING = (R004, "中間報告のポイント（業務委託先管理の強化）")
RESILIENCE = (R004, "中間報告のポイント（サイバーレジリエンスの強化等）")
CLOUD = (R004, "中間報告のポイント（クラウドサービスの利用に対する対応①）")
# Levels given by a reference document (区分 必須/推奨 of 図表42/43); every other is assumed.
LEVEL_GIVEN = {FIG42, FIG43}


def item(i, label, level, measure, when=None, help=None, src=None, table=None):
    q = {"id": i, "type": "check", "label": label, "level": level, "measure": measure, "required": True}
    if table:  # where a requirement table places it: clause, 分類 and 備考
        q.update({k: v for k, v in table.items() if v})
    if src not in LEVEL_GIVEN:
        q["level_assumed"] = True
    if src:
        q["source"] = {"document": src[0][0], "file": src[0][1], "part": src[1]}
    if when:
        q["visible_if"] = when
    if help:
        q["help"] = help
    return q


ALPHA = {"question": "alpha_dash", "any_of": CASES}
FILES = {"question": "alpha_dash", "any_of": CASES[1:]}  # (イ) and (ウ)
CASE_I_ONLY = {"question": "alpha_dash", "equals": CASES[1]}
BETA_DASH_MODEL = {"question": "model", "equals": "β'モデル"}
USES_WLAN = {"question": "uses_wlan", "any_of": WLAN[:2]}
WLAN_MYNUMBER = {"question": "uses_wlan", "equals": WLAN[1]}

# 図表42/43 stand in 対策基準（解説）6.1(13); both requirements are 端末の設定.
WLAN_TABLE = {"clause": "6.1. コンピュータ及びネットワークの管理 (13) 無線LANのセキュリティ対策",
              "category": "端末の設定"}
# The 修正案 after the 令和7年2月 意見照会 (reference 000, pp.9 and 14): both
# requirements become 推奨, since SSIDs cannot be hidden on every terminal.
KAITEI = {"c4_wlan_ssid": {"level": "推奨"},
          "c4_wlan_mynumber": {"level": "推奨", "remark": "LGWAN接続系と同様の扱い"}}

P4 = "第4編 クラウド利用等に関する特則"
CLAUSES = [
    ("1. 組織体制", "c1", "1. 組織体制", [
        item("c1_ciso", "最高情報セキュリティ責任者（CISO）を置き、情報セキュリティ対策の権限と責任を定めている。", "必須", O),
        item("c1_csirt", "情報セキュリティインシデントに対処する体制（CSIRT）を整備している。", "必須", O),
        item("c1_roles", "統括情報セキュリティ責任者・情報セキュリティ責任者等の役割を文書で定めている。", "必須", O)]),
    ("2. 情報資産の分類と管理", "c2", "2. 情報資産の分類と管理", [
        item("c2_classify", "情報資産を機密性・完全性・可用性により分類し、分類に応じた取扱いを定めている。", "必須", O),
        item("c2_inventory", "情報資産の台帳を作成し、定期的に棚卸しを行っている。", "必須", O),
        item("c2_disposal", "情報資産の廃棄の手順を定め、廃棄の記録を残している。", "必須", O)]),
    ("3. 情報システム全体の強靭性の向上", "c3", "3. 情報システム全体の強靭性の向上", [
        item("c3_separation", "マイナンバー利用事務系、LGWAN接続系、インターネット接続系を分割し、必要な通信だけを許可している。", "必須", T),
        item("c3_ad_cert", "α'モデル: 接続先のクラウドサービスを証明書により認証し、正当性を確認している。", "必須", T, ALPHA, src=CASE_A),
        item("c3_ad_malware", "α'モデル: LGWAN接続系の端末・業務サーバにマルウェア対策ソフトを導入している。", "必須", T, ALPHA, src=CASE_A),
        item("c3_ad_patch", "α'モデル: 端末・業務サーバ・ファイアウォール・スイッチ・無線APに脆弱性修正パッチを速やかに適用している。", "必須", T, ALPHA, src=CASE_A),
        item("c3_ad_restrict", "α'モデル: LGWAN接続系からの接続先を LGWAN-ASP と利用を許可したクラウドサービスに限定している。", "必須", T, ALPHA, src=CASE_A),
        item("c3_ad_privilege", "α'モデル: 管理者・利用者の権限を属性に応じて管理し、不正な操作を防いでいる。", "必須", T, ALPHA, src=CASE_A),
        item("c3_ad_ddos", "α'モデル: DDoS 対策機器や対策サービスにより高負荷攻撃への耐性を高めている。", "推奨", T, ALPHA, src=CASE_A),
        item("c3_ad_encrypt", "α'モデル: 通信路を暗号化している。", "必須", T, ALPHA, src=CASE_A),
        item("c3_ad_procedure", "α'モデル: クラウドサービスの利用開始の申請・承認の規定を整備し、運用している。", "必須", O, ALPHA, src=CASE_A),
        item("c3_ad_training", "α'モデル: 職員等が毎年度1回以上情報セキュリティ研修を受講できる計画を策定している。", "必須", O, ALPHA, src=CASE_A),
        item("c3_ad_download", "α'モデル（イ）: クラウドサービスから業務端末へのファイルダウンロードを制限している。", "必須", T, CASE_I_ONLY, src=CASE_I,
             help="（イ）ではファイルをLGWAN接続系に取り込まないため、ダウンロードを制限します。（ウ）はファイルを無害化して取り込みます。"),
        item("c3_ad_tenant", "α'モデル（イ）（ウ）: ローカルブレイクアウトで、利用するクラウドサービスへのアクセスを自団体のテナントのみに制限している。", "必須", T, FILES, src=CASE_I),
        item("c3_ad_ids", "α'モデル（イ）（ウ）: IDS/IPS により不正な通信を検知・遮断している。", "必須", T, FILES, src=CASE_I),
        item("c3_ad_access", "α'モデル（イ）（ウ）: 権限に応じた認証・認可に基づき、LGWAN接続系の端末・業務サーバ・ファイアウォール等へのアクセスを許可または拒否している（アクセス制御）。", "必須", T, FILES, src=CASE_I),
        item("c3_ad_sanitize", "α'モデル（イ）（ウ）: メール・ファイルを無害化してから LGWAN接続系に取り込んでいる。", "必須", T, FILES, src=CASE_I),
        item("c3_bd_endpoint", "β'モデル: インターネット接続系に置いた業務端末にエンドポイント対策（EPP・EDR 等）を講じている。", "必須", T, BETA_DASH_MODEL, src=BETA_DASH),
        item("c3_bd_logs", "β'モデル: 各業務システムのログを収集し、監視している。", "必須", T, BETA_DASH_MODEL, src=BETA_DASH),
        item("c3_bd_emergency", "β'モデル: 情報セキュリティインシデントに即応できる緊急時即応体制を整備している。", "必須", O, BETA_DASH_MODEL, src=BETA_DASH)]),
    ("4. 物理的セキュリティ", "c4_1", "4.1 サーバ等の管理", [
        item("c4_server_room", "サーバ等を管理区域（情報システム室等）に設置し、入退室を管理している。", "必須", O),
        item("c4_redundancy", "重要なサーバの冗長化や電源の確保など、停止に備えた対策を講じている。", "推奨", T)]),
    ("4. 物理的セキュリティ", "c4_2", "4.2 管理区域（情報システム室等）の管理", [
        item("c4_area", "管理区域の入退室を記録し、定期的に確認している。", "必須", O)]),
    ("4. 物理的セキュリティ", "c4_3", "4.3 通信回線及び通信回線装置の管理", [
        item("c4_wlan_ssid", "無線LANの端末に許可されたアクセスポイントのSSIDのみを表示し、インターネット接続用のアクセスポイント経由で直接インターネットへ接続されないよう徹底している（LGWAN接続系）。", "必須", T, USES_WLAN, src=FIG42,
             table=WLAN_TABLE),
        item("c4_wlan_mynumber", "マイナンバー利用事務系で無線LANを利用する場合も、LGWAN接続系と同様の要件を満たしている。", "必須", T, WLAN_MYNUMBER, src=FIG43,
             table=dict(WLAN_TABLE, remark="LGWAN接続系においても必須要件")),
        item("c4_wlan_crypto", "無線LANの通信を暗号化し、認証されていない機器の接続を防いでいる。", "必須", T, USES_WLAN)]),
    ("4. 物理的セキュリティ", "c4_4", "4.4 職員等の利用する端末や電磁的記録媒体等の管理", [
        item("c4_media", "電磁的記録媒体の利用を制限し、持ち出しを記録している。", "必須", O)]),
    ("5. 人的セキュリティ", "c5_1", "5.1 職員等の遵守事項", [
        item("c5_rules", "職員等が遵守すべき事項を定め、周知している。", "必須", O)]),
    ("5. 人的セキュリティ", "c5_2", "5.2 研修・訓練", [
        item("c5_training", "職員等に対して情報セキュリティに関する研修・訓練を定期的に実施している。", "必須", O),
        item("c5_cyder", "実践的サイバー防御演習（CYDER）を受講させている。", "推奨", O, src=CASE_A)]),
    ("5. 人的セキュリティ", "c5_3", "5.3 情報セキュリティインシデントの報告", [
        item("c5_incident_report", "情報セキュリティインシデントの報告手順を定め、職員等に周知している。", "必須", O)]),
    ("5. 人的セキュリティ", "c5_4", "5.4 ID及びパスワード等の管理", [
        item("c5_password", "ID・パスワード等の管理方法を定め、共用IDを制限している。", "必須", O)]),
    ("6. 技術的セキュリティ", "c6_1", "6.1 コンピュータ及びネットワークの管理", [
        item("c6_network", "ネットワーク構成を文書化し、変更を管理している。", "必須", O)]),
    ("6. 技術的セキュリティ", "c6_2", "6.2 アクセス制御", [
        item("c6_access_review", "アクセス権限を定期的に見直し、不要な権限を削除している。", "必須", T, src=RESILIENCE),
        item("c6_dynamic_access", "利用者・端末・状況に応じた動的なアクセス制御を検討・導入している。", "推奨", T, src=RESILIENCE)]),
    ("6. 技術的セキュリティ", "c6_3", "6.3 システム開発、導入、保守等", [
        item("c6_change", "システムの開発・導入・保守の手順を定め、変更の記録を残している。", "必須", O)]),
    ("6. 技術的セキュリティ", "c6_4", "6.4 不正プログラム対策", [
        item("c6_malware", "不正プログラム対策ソフトウェアを導入し、定義ファイルを最新に保っている。", "必須", T)]),
    ("6. 技術的セキュリティ", "c6_5", "6.5 不正アクセス対策", [
        item("c6_intrusion", "不正アクセスを検知する仕組みを導入し、検知時の対応を定めている。", "必須", T)]),
    ("6. 技術的セキュリティ", "c6_6", "6.6 セキュリティ情報の収集", [
        item("c6_intel", "脆弱性情報・脅威情報を収集し、必要な対策に反映している。", "必須", O)]),
    ("7. 運用", "c7_1", "7.1 情報システムの監視", [
        item("c7_monitoring", "情報システムを監視し、監視するイベントを定めてログを取得・保管・点検している。", "必須", T, src=RESILIENCE)]),
    ("7. 運用", "c7_2", "7.2 情報セキュリティポリシーの遵守状況の確認", [
        item("c7_compliance", "情報セキュリティポリシーの遵守状況を定期的に確認している。", "必須", O)]),
    ("7. 運用", "c7_3", "7.3 侵害時の対応等", [
        item("c7_backup", "サーバ及びネットワーク機器の設定情報等のバックアップを取得し、復旧手順を確認している。", "必須", T, src=RESILIENCE),
        item("c7_ddos", "DDoS攻撃等による業務停止に備えた対策を講じている。", "推奨", T, src=RESILIENCE),
        item("c7_response", "侵害時の対応手順を定め、訓練で確認している。", "必須", O)]),
    ("7. 運用", "c7_4", "7.4 例外措置", [
        item("c7_exception", "例外措置の申請・許可の手続を定め、記録している。", "必須", O)]),
    ("7. 運用", "c7_5", "7.5 法令遵守", [
        item("c7_law", "情報セキュリティに関係する法令等を把握し、遵守している。", "必須", O)]),
    ("7. 運用", "c7_6", "7.6 懲戒処分等", [
        item("c7_discipline", "違反時の懲戒処分等について定め、周知している。", "推奨", O)]),
    ("8. 業務委託と外部サービス（クラウドサービス）の利用", "c8_1", "8.1 業務委託", [
        item("c8_contract_before", "業務委託の契約前に、委託先の情報セキュリティ対策の状況を確認している。", "必須", O, src=OUTSOURCING),
        item("c8_contract_during", "委託期間中に、委託先の情報セキュリティ対策の実施状況を定期的に確認している。", "必須", O, src=OUTSOURCING),
        item("c8_contract_after", "委託終了時に、委託先に提供した情報資産の返却・廃棄を確認している。", "必須", O, src=OUTSOURCING)]),
    ("8. 業務委託と外部サービス（クラウドサービス）の利用", "c8_2", "8.2 情報システムに関する業務委託", [
        item("c8_procurement", "機器及びソフトウェアの調達基準を定め、SBOM 等により構成要素を確認できるようにしている。", "推奨", O, src=RESILIENCE),
        item("c8_integrity", "調達した機器・ソフトウェアに運用開始後も不正な変更が加えられていないことを確認できる運用規定を整備している。", "推奨", O, src=RESILIENCE)]),
    ("8. 業務委託と外部サービス（クラウドサービス）の利用", "c8_3", "8.3 外部サービスの利用（機密性２以上の情報を取り扱う場合）", [
        item("c8_cloud_sensitive", "機密性2以上の情報を取り扱う外部サービスの利用判断基準を定め、承認を得て利用している。", "必須", O)]),
    ("8. 業務委託と外部サービス（クラウドサービス）の利用", "c8_4", "8.4 外部サービスの利用（機密性２以上の情報を取り扱わない場合）", [
        item("c8_cloud_public", "機密性2以上の情報を取り扱わない外部サービスの利用手続を定めている。", "推奨", O)]),
    ("9. 評価・見直し", "c9_1", "9.1 監査", [
        item("c9_audit", "情報セキュリティ監査を定期的に実施している。", "必須", O)]),
    ("9. 評価・見直し", "c9_2", "9.2 自己点検", [
        item("c9_selfcheck", "自己点検を定期的に実施し、結果を見直しに反映している。", "必須", O)]),
    ("9. 評価・見直し", "c9_3", "9.3 情報セキュリティポリシー及び関係規程等の見直し", [
        item("c9_review", "ガイドラインの改定を踏まえ、情報セキュリティポリシーを見直している。", "必須", O)]),
    (P4, "p4_1", "第1章 本編の目的", [
        item("p4_purpose", "標準準拠システム等のクラウド利用を行う場合に、本編（第4編）の特則を適用することを情報セキュリティポリシーで定めている。", "推奨", O)]),
    (P4, "p4_2", "第2章 本編におけるクラウドサービスの範囲", [
        item("p4_scope", "利用しているクラウドサービスのうち、本編の対象となるもの（標準準拠システム等）を把握し、一覧にしている。", "推奨", O)]),
    (P4, "p4_3", "第3章 本編における対策基準の構成", [
        item("p4_structure", "クラウド利用に関する対策基準を、本編と同じ構成（対策基準 1〜9）で整理している。", "推奨", O)]),
    (P4, "p4_4_1", "第4章 情報セキュリティ対策 1. 組織体制", [
        item("p4_org", "クラウドサービスの利用について、責任者と運用の体制を定めている。", "必須", O)]),
    (P4, "p4_4_2", "第4章 情報セキュリティ対策 2. 情報資産の分類と管理", [
        item("p4_assets", "クラウドサービス上の情報資産を分類し、その取扱いを定めている。", "必須", O)]),
    (P4, "p4_4_3", "第4章 情報セキュリティ対策 3. 情報システム全体の強靭性の向上", [
        item("p4_resilience", "クラウドサービスとの接続経路（LGWAN接続系・インターネット接続系）ごとに、必要な通信だけを許可している。", "必須", T)]),
    (P4, "p4_4_4", "第4章 情報セキュリティ対策 4. 物理的セキュリティ", [
        item("p4_physical", "クラウドサービス事業者の物理的セキュリティ対策を、認証・監査報告等により確認している。", "推奨", O)]),
    (P4, "p4_4_5", "第4章 情報セキュリティ対策 5. 人的セキュリティ", [
        item("p4_people", "クラウドサービスを利用する職員等に、利用上の遵守事項を周知している。", "必須", O)]),
    (P4, "p4_4_6", "第4章 情報セキュリティ対策 6. 技術的セキュリティ", [
        item("p4_technical", "クラウドサービスの管理者権限とアクセス制御を設定し、設定の誤りがないか定期的に確認している。", "必須", T)]),
    (P4, "p4_4_7", "第4章 情報セキュリティ対策 7. 運用", [
        item("p4_operation", "クラウドサービスのログを取得し、障害・インシデント時の連絡手順を事業者と定めている。", "必須", O)]),
    (P4, "p4_4_8", "第4章 情報セキュリティ対策 8. 業務委託と外部サービス（クラウドサービス）の利用", [
        item("p4_cloud_criteria", "クラウドサービスの利用判断基準を定め、機密性に応じて利用可否を判断している。", "必須", O),
        item("p4_ismap", "機密性2以上の情報を取り扱うクラウドサービスは、ISMAP クラウドサービスリストに登録されたサービスから選定している。", "推奨", O, src=CLOUD)]),
    (P4, "p4_4_9", "第4章 情報セキュリティ対策 9. 評価・見直し", [
        item("p4_review", "クラウドサービスの利用状況と対策を定期的に点検し、見直している。", "推奨", O)]),
]


def main():
    scope = {"id": "scope", "title": "前提（該当する項目を絞り込みます）", "chapter": "前提",
             "help": "ここでの回答により、該当しない項目は表示されず、該当なしとして扱われます。",
             "questions": [
                 {"id": "model", "type": "single", "label": "「三層の対策」のモデル", "required": True,
                  "options": ["αモデル", "βモデル", "β'モデル"],
                  "help": "「三層の対策」の状況調査（sanso-2023）に提出済みの場合は、その回答が最初に入っています。"},
                 {"id": "alpha_dash", "type": "multi", "label": "α'モデルとしてクラウドサービスを利用している範囲（複数選択可）",
                  "required": True, "options": CASES + [NO_ALPHA_DASH], "exclusive": [NO_ALPHA_DASH],
                  "visible_if": {"question": "model", "equals": "αモデル"}},
                 {"id": "uses_wlan", "type": "single", "label": "無線LANの利用", "required": True, "options": WLAN}]}
    sections = [scope] + [{"id": sid, "title": title, "chapter": chapter, "questions": qs}
                          for chapter, sid, title, qs in CLAUSES]
    d = {"id": "selfcheck-guideline", "revision": 4, "kind": "selfcheck",
         "title": "情報セキュリティポリシーに関するガイドライン 自己点検",
         "description": "ガイドラインの対策基準に沿って、項目ごとに実施状況（実施済・一部実施・未実施・該当なし）を選び、"
                        "必要に応じて備考を記入してください。入力は自動で一時保存されます。",
         "period": {"opens": "2025-04-01T00:00:00+09:00", "closes": "2026-03-31T23:59:59+09:00"},
         "sections": sections}
    with open("seeds/surveys/04-selfcheck-guideline.json", "w", encoding="utf-8") as f:
        json.dump(d, f, ensure_ascii=False, indent=1)
        f.write("\n")
    # The second revision of the clause set: the 改定案, whose 新旧対照 gives 図表42/43.
    kaitei = json.loads(json.dumps(d))
    kaitei.update({"id": "selfcheck-guideline-kaitei", "revision": 1, "previous": "selfcheck-guideline",
                   "title": "情報セキュリティポリシーに関するガイドライン 自己点検（令和7年 改定案）",
                   "period": {"opens": "2026-04-01T00:00:00+09:00", "closes": "2027-03-31T23:59:59+09:00"}})
    for sec in kaitei["sections"]:
        for q in sec["questions"]:
            q.update(KAITEI.get(q["id"], {}))
    with open("seeds/surveys/05-selfcheck-guideline-kaitei.json", "w", encoding="utf-8") as f:
        json.dump(kaitei, f, ensure_ascii=False, indent=1)
        f.write("\n")
    print(sum(len(s["questions"]) for s in sections[1:]), "items in", len(sections) - 1, "clauses")


if __name__ == "__main__":
    main()
