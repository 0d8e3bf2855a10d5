#!/usr/bin/env python3
"""make_selfcheck.py: writes seeds/surveys/04-selfcheck-guideline.json, the
per-clause self-check of the guideline's 対策基準 (seed 004's clause tree).

Items marked (文書) take their wording from the reference documents (seed 000
図表42/43 for 無線LAN, seed 004 for the α' model measures per case and the
業務委託 / サイバーレジリエンス revision points); the others are written from
the clause title. Applicability: items that depend on the model, on 無線LAN use
or on the α' case are shown only when they apply (visible_if), and hidden
items count as 該当なし. Run from the repository root.
"""
import json

T, O = "技術的対策", "組織的・人的対策"
CASES = ["（ア）認証・ウイルス定義体の取得のみ", "（イ）コミュニケーションツールを利用するがファイルを内部に取り込まない",
         "（ウ）コミュニケーションツールを利用し外部とファイル送受信を行う"]
NO_ALPHA_DASH = "α'モデルを利用していない"
WLAN = ["LGWAN接続系で利用している", "マイナンバー利用事務系でも利用している", "利用していない"]


def item(i, label, level, measure, when=None, help=None):
    q = {"id": i, "type": "check", "label": label, "level": level, "measure": measure, "required": True}
    if when:
        q["visible_if"] = when
    if help:
        q["help"] = help
    return q


ALPHA = {"question": "alpha_dash", "any_of": CASES}
FILES = {"question": "alpha_dash", "any_of": CASES[1:]}
SEND = {"question": "alpha_dash", "equals": CASES[2]}
USES_WLAN = {"question": "uses_wlan", "any_of": WLAN[:2]}
WLAN_MYNUMBER = {"question": "uses_wlan", "equals": WLAN[1]}

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
        item("c3_ad_cert", "（文書）α'モデル: 接続先のクラウドサービスを証明書により認証し、正当性を確認している。", "必須", T, ALPHA),
        item("c3_ad_malware", "（文書）α'モデル: LGWAN接続系の端末・業務サーバにマルウェア対策ソフトを導入している。", "必須", T, ALPHA),
        item("c3_ad_patch", "（文書）α'モデル: 端末・業務サーバ・ファイアウォール・スイッチ・無線APに脆弱性修正パッチを速やかに適用している。", "必須", T, ALPHA),
        item("c3_ad_restrict", "（文書）α'モデル: LGWAN接続系からの接続先を LGWAN-ASP と利用を許可したクラウドサービスに限定している。", "必須", T, ALPHA),
        item("c3_ad_privilege", "（文書）α'モデル: 管理者・利用者の権限を属性に応じて管理し、不正な操作を防いでいる。", "必須", T, ALPHA),
        item("c3_ad_ddos", "（文書）α'モデル: DDoS 対策機器や対策サービスにより高負荷攻撃への耐性を高めている。", "推奨", T, ALPHA),
        item("c3_ad_encrypt", "（文書）α'モデル: 通信路を暗号化している。", "必須", T, ALPHA),
        item("c3_ad_procedure", "（文書）α'モデル: クラウドサービスの利用開始の申請・承認の規定を整備し、運用している。", "必須", O, ALPHA),
        item("c3_ad_training", "（文書）α'モデル: 職員等が毎年度1回以上情報セキュリティ研修を受講できる計画を策定している。", "必須", O, ALPHA),
        item("c3_ad_download", "（文書）α'モデル（イ）（ウ）: クラウドサービスから業務端末へのファイルダウンロードを制限している。", "必須", T, {"question": "alpha_dash", "equals": CASES[1]}),
        item("c3_ad_tenant", "（文書）α'モデル（イ）（ウ）: ローカルブレイクアウトで、利用するクラウドサービスへのアクセスを自団体のテナントのみに制限している。", "必須", T, FILES),
        item("c3_ad_ids", "（文書）α'モデル（イ）（ウ）: IDS/IPS により不正な通信を検知・遮断している。", "必須", T, FILES),
        item("c3_ad_sanitize", "（文書）α'モデル（ウ）: メール・ファイルを無害化してから LGWAN接続系に取り込んでいる。", "必須", T, SEND)]),
    ("4. 物理的セキュリティ", "c4_1", "4.1 サーバ等の管理", [
        item("c4_server_room", "サーバ等を管理区域（情報システム室等）に設置し、入退室を管理している。", "必須", O),
        item("c4_redundancy", "重要なサーバの冗長化や電源の確保など、停止に備えた対策を講じている。", "推奨", T)]),
    ("4. 物理的セキュリティ", "c4_2", "4.2 管理区域（情報システム室等）の管理", [
        item("c4_area", "管理区域の入退室を記録し、定期的に確認している。", "必須", O)]),
    ("4. 物理的セキュリティ", "c4_3", "4.3 通信回線及び通信回線装置の管理", [
        item("c4_wlan_ssid", "（文書・図表42）無線LANの端末に許可されたアクセスポイントのSSIDのみを表示し、インターネット接続用のアクセスポイント経由で直接インターネットへ接続されないよう徹底している（LGWAN接続系）。", "必須", T, USES_WLAN),
        item("c4_wlan_mynumber", "（文書・図表43）マイナンバー利用事務系で無線LANを利用する場合も、LGWAN接続系と同様の要件を満たしている。", "推奨", T, WLAN_MYNUMBER),
        item("c4_wlan_crypto", "無線LANの通信を暗号化し、認証されていない機器の接続を防いでいる。", "必須", T, USES_WLAN)]),
    ("4. 物理的セキュリティ", "c4_4", "4.4 職員等の利用する端末や電磁的記録媒体等の管理", [
        item("c4_media", "電磁的記録媒体の利用を制限し、持ち出しを記録している。", "必須", O)]),
    ("5. 人的セキュリティ", "c5_1", "5.1 職員等の遵守事項", [
        item("c5_rules", "職員等が遵守すべき事項を定め、周知している。", "必須", O)]),
    ("5. 人的セキュリティ", "c5_2", "5.2 研修・訓練", [
        item("c5_training", "職員等に対して情報セキュリティに関する研修・訓練を定期的に実施している。", "必須", O),
        item("c5_cyder", "（文書）実践的サイバー防御演習（CYDER）を受講させている。", "推奨", O)]),
    ("5. 人的セキュリティ", "c5_3", "5.3 情報セキュリティインシデントの報告", [
        item("c5_incident_report", "情報セキュリティインシデントの報告手順を定め、職員等に周知している。", "必須", O)]),
    ("5. 人的セキュリティ", "c5_4", "5.4 ID及びパスワード等の管理", [
        item("c5_password", "ID・パスワード等の管理方法を定め、共用IDを制限している。", "必須", O)]),
    ("6. 技術的セキュリティ", "c6_1", "6.1 コンピュータ及びネットワークの管理", [
        item("c6_network", "ネットワーク構成を文書化し、変更を管理している。", "必須", O)]),
    ("6. 技術的セキュリティ", "c6_2", "6.2 アクセス制御", [
        item("c6_access_review", "（文書）アクセス権限を定期的に見直し、不要な権限を削除している。", "必須", T),
        item("c6_dynamic_access", "（文書）利用者・端末・状況に応じた動的なアクセス制御を検討・導入している。", "推奨", T)]),
    ("6. 技術的セキュリティ", "c6_3", "6.3 システム開発、導入、保守等", [
        item("c6_change", "システムの開発・導入・保守の手順を定め、変更の記録を残している。", "必須", O)]),
    ("6. 技術的セキュリティ", "c6_4", "6.4 不正プログラム対策", [
        item("c6_malware", "不正プログラム対策ソフトウェアを導入し、定義ファイルを最新に保っている。", "必須", T)]),
    ("6. 技術的セキュリティ", "c6_5", "6.5 不正アクセス対策", [
        item("c6_intrusion", "不正アクセスを検知する仕組みを導入し、検知時の対応を定めている。", "必須", T)]),
    ("6. 技術的セキュリティ", "c6_6", "6.6 セキュリティ情報の収集", [
        item("c6_intel", "脆弱性情報・脅威情報を収集し、必要な対策に反映している。", "必須", O)]),
    ("7. 運用", "c7_1", "7.1 情報システムの監視", [
        item("c7_monitoring", "（文書）情報システムを監視し、監視するイベントを定めてログを取得・保管・点検している。", "必須", T)]),
    ("7. 運用", "c7_2", "7.2 情報セキュリティポリシーの遵守状況の確認", [
        item("c7_compliance", "情報セキュリティポリシーの遵守状況を定期的に確認している。", "必須", O)]),
    ("7. 運用", "c7_3", "7.3 侵害時の対応等", [
        item("c7_backup", "（文書）サーバ及びネットワーク機器の設定情報等のバックアップを取得し、復旧手順を確認している。", "必須", T),
        item("c7_ddos", "（文書）DDoS攻撃等による業務停止に備えた対策を講じている。", "推奨", T),
        item("c7_response", "侵害時の対応手順を定め、訓練で確認している。", "必須", O)]),
    ("7. 運用", "c7_4", "7.4 例外措置", [
        item("c7_exception", "例外措置の申請・許可の手続を定め、記録している。", "必須", O)]),
    ("7. 運用", "c7_5", "7.5 法令遵守", [
        item("c7_law", "情報セキュリティに関係する法令等を把握し、遵守している。", "必須", O)]),
    ("7. 運用", "c7_6", "7.6 懲戒処分等", [
        item("c7_discipline", "違反時の懲戒処分等について定め、周知している。", "推奨", O)]),
    ("8. 業務委託と外部サービス（クラウドサービス）の利用", "c8_1", "8.1 業務委託", [
        item("c8_contract_before", "（文書）業務委託の契約前に、委託先の情報セキュリティ対策の状況を確認している。", "必須", O),
        item("c8_contract_during", "（文書）委託期間中に、委託先の情報セキュリティ対策の実施状況を定期的に確認している。", "必須", O),
        item("c8_contract_after", "（文書）委託終了時に、委託先に提供した情報資産の返却・廃棄を確認している。", "必須", O)]),
    ("8. 業務委託と外部サービス（クラウドサービス）の利用", "c8_2", "8.2 情報システムに関する業務委託", [
        item("c8_procurement", "（文書）機器及びソフトウェアの調達基準を定め、SBOM 等により構成要素を確認できるようにしている。", "推奨", O),
        item("c8_integrity", "（文書）調達した機器・ソフトウェアに運用開始後も不正な変更が加えられていないことを確認できる運用規定を整備している。", "推奨", O)]),
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
    ("第4編 クラウド利用等に関する特則", "p4", "第4編 クラウド利用等に関する特則", [
        item("p4_cloud_criteria", "クラウドサービスの利用判断基準を定め、機密性に応じて利用可否を判断している。", "必須", O),
        item("p4_ismap", "（文書）機密性2以上の情報を取り扱うクラウドサービスは、ISMAP クラウドサービスリストに登録されたサービスから選定している。", "推奨", O)]),
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
    d = {"id": "selfcheck-guideline", "revision": 2, "kind": "selfcheck",
         "title": "情報セキュリティポリシーに関するガイドライン 自己点検",
         "description": "ガイドラインの対策基準に沿って、項目ごとに実施状況（実施済・一部実施・未実施・該当なし）を選び、"
                        "必要に応じて備考を記入してください。入力は自動で一時保存されます。",
         "period": {"opens": "2025-04-01T00:00:00+09:00", "closes": "2026-03-31T23:59:59+09:00"},
         "sections": sections}
    with open("seeds/surveys/04-selfcheck-guideline.json", "w", encoding="utf-8") as f:
        json.dump(d, f, ensure_ascii=False, indent=1)
        f.write("\n")
    print(sum(len(s["questions"]) for s in sections[1:]), "items in", len(sections) - 1, "clauses")


if __name__ == "__main__":
    main()
